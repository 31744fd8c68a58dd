"""Controlled vocabularies for facets, and the duration bands the explorer filters on."""
from __future__ import annotations

import pytest

from casebook import story as model
from casebook.vocab import Vocabulary, duration_band, role_level
from conftest import story_text

VOCAB = Vocabulary(sectors=("International organisation", "Public sector"),
                   role_levels=("Director", "Senior leader"),
                   themes=("leadership", "delegation", "influence"))


def parse(**fields):
    return model.parse(story_text(**fields).encode(), "stories/s.md")


def test_values_in_the_vocabulary_pass():
    assert VOCAB.problems(parse()) == []
    assert VOCAB.problems(parse(sector='"public SECTOR"')) == []   # case does not matter


@pytest.mark.parametrize("field, value, expected", [
    ("sector", '"Internatonal organisation"',
     "stories/s.md:6: 'sector' is 'Internatonal organisation', which is not in the site's "
     "vocabulary (did you mean 'International organisation'?); use one of: International "
     "organisation, Public sector"),
    ("role", '"Directr, support function"',
     "stories/s.md:5: 'role' starts with 'Directr', which is not in the site's vocabulary "
     "(did you mean 'Director'?)"),
    ("themes", "[leadership, delegaton]",
     "stories/s.md:12: 'themes[1]' is 'delegaton', which is not in the site's vocabulary "
     "(did you mean 'delegation'?)"),
    ("sector", '"Wind turbine blades"',
     "stories/s.md:6: 'sector' is 'Wind turbine blades', which is not in the site's "
     "vocabulary; use one of"),
])
def test_values_outside_the_vocabulary_fail_with_did_you_mean(field, value, expected):
    problems = [str(p) for p in VOCAB.problems(parse(**{field: value}))]
    assert len(problems) == 1
    assert problems[0].startswith(expected), problems[0]


def test_an_empty_vocabulary_is_not_enforced():
    assert Vocabulary().problems(parse(sector='"Anything at all"')) == []


@pytest.mark.parametrize("role, level", [
    ("Director, global support function", "Director"),
    ("Senior leader", "Senior leader"),
    (None, None),
])
def test_role_level(role, level):
    assert role_level(role) == level


@pytest.mark.parametrize("text, band", [
    ("6 weeks", "under 3 months"), ("3–4 weeks for the pilot", "under 3 months"),
    ("About 6 months so far", "6–12 months"), ("four months", "3–6 months"),
    ("12 months", "6–12 months"), ("18 months", "over 12 months"), ("two years", "over 12 months"),
    ("ongoing", "other"), (None, None),
])
def test_duration_bands(text, band):
    assert duration_band(text) == band
