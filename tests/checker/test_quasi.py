import pytest

from .conftest import covered, texts

POSITIVE = [
    ("She was the first woman to chair the regional board.", "first woman to"),
    ("He was the only Paralympian on the graduate scheme.", "only Paralympian on"),
    ("She became the youngest ever partner at the firm.", "youngest ever"),
    ("He was the sole expert on cold-chain logistics there.", "sole expert on"),
    ("She won the firm's Engineer of the Year award.", "won the firm's Engineer of the Year award"),
    ("He was named Mentor of the Year at the regional awards.", "named Mentor of the Year"),
    ("Two years later she became the firm's first female CEO.", "first female CEO"),
]
NEGATIVE = [
    "In the first session she set three goals.",
    "It was the only way to keep the project moving.",
    "She felt like the only person in the room who cared.",
    "The youngest of her children started school.",
    "Forty first-line managers in the north joined the programme.",
]


@pytest.mark.parametrize("body,needle", POSITIVE)
def test_quasi_found(body, needle):
    assert covered(body, needle, {"QUASI"})


@pytest.mark.parametrize("body", NEGATIVE)
def test_quasi_not_found(body):
    assert texts(body, {"QUASI"}) == []
