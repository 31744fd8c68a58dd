import pytest

from .conftest import texts

CASES = [
    ("We first met in September 2021 in her office.", ["September 2021"]),
    ("The review was on 14 March and went well.", ["14 March"]),
    ("It launched on March 3rd, 2020 to the staff.", ["March 3rd, 2020"]),
    ("By spring 2023 she had a team of nine.", ["spring 2023"]),
    ("Targets for Q3 2022 were missed.", ["Q3 2022"]),
    ("The first review was on 04/11/2022.", ["04/11/2022"]),
    ("In 2019 she took the role.", ["2019"]),
    ("At the 2022 offsite she spoke first.", ["2022"]),
    ("By mid-2021 the plan was agreed.", ["2021"]),
    ("The 2021/22 budget was cut.", ["2021/22"]),
    # negatives: durations, relative time, weekdays, holidays, months alone, quantities
    ("Over 12 months we met fortnightly.", []),
    ("Last year she was promoted.", []),
    ("Every Monday and over Christmas she worked late.", []),
    ("In March the board met.", []),
    ("The firm had 2000 employees.", []),
    ("Like many firms in the 2010s, it grew fast.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_dates(body, expected):
    assert texts(body, {"DATE"}) == expected


def test_publication_date_field_is_not_a_leak():
    assert texts("Nothing dated here.", {"DATE"}) == []
