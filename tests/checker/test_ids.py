import pytest

from .conftest import texts

CASES = [
    ("Her staff number was 448120 at the time.", ["448120"]),
    ("It was logged as ticket HR-20931 by the team.", ["HR-20931"]),
    ("Purchase order PO-77310 covered six sessions.", ["PO-77310"]),
    ("See case ref 2023/0417 in the file.", ["2023/0417"]),
    # negatives
    ("She had 12 direct reports and 3 deputies.", []),
    ("Since COVID-19 the team worked remotely.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_ids(body, expected):
    assert texts(body, {"ID"}) == expected
