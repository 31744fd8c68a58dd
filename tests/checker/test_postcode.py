import pytest

from .conftest import texts

CASES = [
    ("The office was at SW1A 2AA, near the river.", ["SW1A 2AA"]),
    ("Send it to M1 4BT by Friday.", ["M1 4BT"]),
    ("The depot, Austin TX 78701, ran two shifts.", ["TX 78701"]),
    # negatives
    ("She scored 4 out of 5 on the survey.", []),
    ("Her team of 12 met in room B2.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_postcode(body, expected):
    assert texts(body, {"LOCATION"}) == expected or \
        set(expected) <= set(texts(body, {"LOCATION"}))
