import pytest

from .conftest import texts

CASES = [
    ("Call her on 07700 900412 after six.", ["07700 900412"]),
    ("The switchboard is +44 20 7946 0321.", ["+44 20 7946 0321"]),
    ("US office: (212) 555-0148, ask for the desk.", ["(212) 555-0148"]),
    ("Sydney line +61 2 9876 5432 is staffed.", ["+61 2 9876 5432"]),
    ("Or dial 0161 496 0718 instead.", ["0161 496 0718"]),
    # negatives
    ("Over 12 months we met 14 times.", []),
    ("Revenue grew from 2019-2021 by 30 percent.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_phone(body, expected):
    assert texts(body, {"PHONE"}) == expected
