import pytest

from .conftest import texts

CASES = [
    ("Write to tomasz.k@ferrowick.co.uk for the slides.", ["tomasz.k@ferrowick.co.uk"]),
    ("Her address was odile [at] brantmoor [dot] io, she said.", ["odile [at] brantmoor [dot] io"]),
    ("Contact jb (at) quillan (dot) com today.", ["jb (at) quillan (dot) com"]),
    ("Mail fen at tallow dot com if needed.", ["fen at tallow dot com"]),
    ("Or write to orla (at) quenby.co.uk instead.", ["orla (at) quenby.co.uk"]),
    # negatives
    ("We met at lunch and talked at length.", []),
    ("Her goal: be heard at board level.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_email(body, expected):
    assert texts(body, {"EMAIL"}) == expected
