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


# (text, expected QUASI spans): the rules added for real-shaped stories
QUASI_TABLE = [
    ("The group employs 84,000 people across the region.", ["84,000 people"]),
    ("It had 65,000 plus employees and a new chair.", ["65,000 plus employees"]),
    ("At the time he was a 29-year-old CEO with no board experience.", ["29-year-old CEO"]),
    ("She ran HR at the largest Kenyan bank for a decade.", ["largest Kenyan bank"]),
    ("That year the college was awarded university status.", ["awarded university status"]),
    ("Her team took the Managing Partner's Award twice.", ["Managing Partner's Award"]),
    ("The dispute became a front page story in the national press.", ["front page story"]),
    ("She was going through fertility treatment while leading the merger.",
     ["fertility treatment"]),
    ("Her father died suddenly during the first month.", ["died suddenly"]),
    # sizes, ages and awards that single no one out
    ("The firm employs 400 people; 2,000 staff use the app.", []),
    ("Most managers were in their 40s and had a year-old child or two.", []),
    ("Awards season was busy; the largest share went to sales.", []),
]


@pytest.mark.parametrize("body,expected", QUASI_TABLE)
def test_quasi_table(body, expected):
    assert texts(body, {"QUASI"}) == expected
