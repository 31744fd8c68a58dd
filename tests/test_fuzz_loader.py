"""Property-based tests: no input makes the story loader raise, and text is never lost."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook import story as model

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=30), st.dates())
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)
_keys = st.sampled_from(["title", "kind", "summary", "role", "sector", "organisation",
                         "participants", "goal", "outcomes", "themes", "duration", "consent",
                         "pseudonyms", "allow", "date", "draft", "tittle", "x"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_parse_without_raising(data):
    s = model.parse(data, "stories/fuzz.md")
    assert isinstance(s.problems, list)
    if s.text:
        assert s.text.endswith(s.body)  # the body is always the tail of the text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
               max_size=300))
def test_any_text_after_a_delimiter_parses_without_raising(text):
    s = model.parse(("---\n" + text + "\n---\nbody words\n").encode("utf-8"), "stories/f.md")
    assert isinstance(s.problems, list)
    assert "body words" in s.text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=10),
       st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
               max_size=200))
def test_any_front_matter_mapping_validates_without_raising(meta, body):
    try:
        fm = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return
    s = model.parse(f"---\n{fm}---\n{body}".encode("utf-8"), "stories/f.md")
    # A story is either valid with its fields set, or it has problems: never half of each.
    if not s.problems:
        assert s.title and s.kind and s.themes and s.date
    assert body.replace("\r\n", "\n").replace("\r", "\n") in s.text or not body
