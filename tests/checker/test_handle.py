import pytest

from .conftest import texts

CASES = [
    ("She posts as @mira.builds on weekends.", ["@mira.builds"]),
    ("Follow @QuillanHQ for updates.", ["@QuillanHQ"]),
    ("The campaign tag was #TeamFerrowick all year.", ["#TeamFerrowick"]),
    # negatives
    ("We talked about #leadership and #growth.", []),
    ("Email me at someone@example.org please.", []),
]


@pytest.mark.parametrize("body,expected", CASES)
def test_handle(body, expected):
    assert texts(body, {"HANDLE"}) == expected


def test_hashtag_with_a_name_found_in_the_story():
    body = "She joined Ferrowick Partners in the spring. They shared it as #ferrowickpride."
    assert "#ferrowickpride" in texts(body, {"HANDLE"})
