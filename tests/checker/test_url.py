import pytest

from .conftest import texts

CASES = [
    ("See https://orlen-tide.org/reports/2021-strategy for it.",
     ["https://orlen-tide.org/reports/2021-strategy"]),
    ("The deck is at www.pennyfold.com/team.", ["www.pennyfold.com/team"]),
    ("Her profile sits on quorvale.io/people/maya now.", ["quorvale.io/people/maya"]),
    ("Visit brantmoor.co.uk to learn more.", ["brantmoor.co.uk"]),
    # negatives
    ("We used the GROW model, e.g. for goals, i.e. always.", []),
    ("The photo was headshot.jpg and nothing else.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_url(body, expected):
    assert texts(body, {"URL"}) == expected
