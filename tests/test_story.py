"""The story model: strict front-matter parsing, every error at once, with file and line."""
from __future__ import annotations

import datetime as dt

import pytest

from casebook import story as model

GOOD = """\
---
title: "Learning to influence"
kind: client-story
summary: "A director learned to lead through others."
role: "Director, global support function"
sector: "International organisation"
goal:
  before: "Do everything myself"
  after: "Lead a team"
outcomes:
  - "Promoted within 12 months"
themes: [leadership, 360 feedback]
duration: "12 months"
consent: written
pseudonyms: [Alex]
date: 2025-03-14
---
Alex arrived with a plan.
"""


def parse(text: str, path: str = "stories/x.md") -> model.Story:
    return model.parse(text.encode("utf-8"), path)


def messages(s: model.Story) -> list[str]:
    return [str(p) for p in s.problems]


def test_good_story_parses_every_field():
    s = parse(GOOD)
    assert s.problems == []
    assert s.title == "Learning to influence"
    assert s.kind == "client-story"
    assert s.role == "Director, global support function"
    assert s.goal == {"before": "Do everything myself", "after": "Lead a team"}
    assert s.outcomes == ["Promoted within 12 months"]
    assert s.themes == ["leadership", "360 feedback"]
    assert s.pseudonyms == ["Alex"]
    assert s.date == dt.date(2025, 3, 14)
    assert s.draft is False
    assert s.body == "Alex arrived with a plan.\n"
    assert s.body_line == 18
    assert s.text[s.body_offset:] == s.body
    assert s.headline == "Promoted within 12 months"
    assert s.who == "Director, global support function"


@pytest.mark.parametrize("old, new, expected", [
    ("kind: client-story", "kind: client",
     "stories/x.md:3: 'kind' must be one of client-story, programme, insight; got 'client' "
     "(did you mean 'client-story'?)"),
    ('role: "Director, global support function"', "role: 5",
     "stories/x.md:5: 'role' must be text; got a number 5 (put it in quotes)"),
    ('  - "Promoted within 12 months"', "",
     "stories/x.md:10: 'outcomes' must be a list; got nothing (write it"),
    ("themes: [leadership, 360 feedback]", "themes: 7",
     "stories/x.md:12: 'themes' must be a list; got a number 7 (write it as [first, second] "
     "or one '- item' per line)"),
    ("consent: written", "consent: yes",
     "stories/x.md:14: 'consent' must be one of written, verbal, none; got true/false"),
    ("date: 2025-03-14", "date: 14/03/2025",
     "stories/x.md:16: 'date' must be a date written YYYY-MM-DD; got '14/03/2025'"),
    ('  after: "Lead a team"', "",
     "stories/x.md:7: 'goal' is missing 'after' (what the client wanted by the end)"),
    ("duration: \"12 months\"", "durration: \"12 months\"",
     "stories/x.md:13: 'durration' is not a story field (did you mean 'duration'?)"),
    ("draft", "draft", None),
])
def test_each_field_error_has_file_line_and_fix(old, new, expected):
    s = parse(GOOD.replace(old, new))
    if expected is None:
        assert s.problems == []
    else:
        assert any(m.startswith(expected) for m in messages(s)), messages(s)


def test_outcomes_as_a_string_is_an_error_not_a_list_of_letters():
    s = parse(GOOD.replace('outcomes:\n  - "Promoted within 12 months"',
                           'outcomes: "Promoted within 12 months"'))
    assert messages(s) == ["stories/x.md:10: 'outcomes' must be a list; got text "
                           "'Promoted within 12 months' (write it as "
                           "[\"Promoted within 12 months\"] or one '- item' per line)"]


def test_every_problem_is_reported_at_once():
    s = parse(GOOD.replace("role: ", "rol: ").replace("consent: written", "consent: maybe"))
    got = messages(s)
    assert any("'rol' is not a story field (did you mean 'role'?)" in m for m in got)
    assert any("'role' is required for a client-story" in m for m in got)
    assert any("'consent' must be one of" in m for m in got)


def test_required_fields_depend_on_kind():
    insight = """---
title: "On presence"
kind: insight
summary: "An article."
themes: [presence]
date: 2025-01-01
---
Text.
"""
    assert parse(insight).problems == []
    s = parse(insight.replace("kind: insight", "kind: programme"))
    got = " | ".join(messages(s))
    for key in ("organisation", "participants", "goal", "outcomes", "consent"):
        assert f"'{key}' is required for a programme" in got
    s = parse(insight.replace("themes:", 'role: "CEO"\nthemes:'))
    assert any("'role' does not belong in an insight" in m for m in messages(s))


def test_malformed_yaml_names_the_line_and_keeps_nothing_silently():
    s = parse(GOOD.replace('summary: "A director learned to lead through others."',
                           'summary: "unclosed'))
    assert len(s.problems) == 1
    assert s.problems[0].line >= 4
    assert "front-matter is not valid YAML" in str(s.problems[0])
    assert s.draft is False and s.title is None  # nothing half-parsed


def test_front_matter_that_is_not_a_mapping():
    s = parse("---\n- a\n- b\n---\nBody\n")
    assert messages(s) == ["stories/x.md:2: front-matter must be a set of 'key: value' "
                           "lines; got list"]


def test_unclosed_front_matter():
    s = parse("---\ntitle: x\nBody\n")
    assert messages(s) == ["stories/x.md:1: front-matter is not closed: add a line with only "
                           "'---' after the last field"]


def test_duplicate_key_is_reported():
    s = parse(GOOD.replace("draft", "draft").replace("consent: written",
                                                     "consent: written\nconsent: none"))
    assert any("'consent' appears twice (first on line 14)" in m for m in messages(s))


@pytest.mark.parametrize("data, expected", [
    (b"", "stories/x.md:1: is empty"),
    (b"   \n\n", "stories/x.md:1: is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "stories/x.md: is a binary file"),
    (b"---\ntitle: caf\xe9\n---\n", "stories/x.md:2: is not valid UTF-8 (byte 0xe9"),
    (b"x" * (model.MAX_BYTES + 1), "stories/x.md: is 1.0 MB; a story must be under 1 MB"),
    (b"Just text, no front-matter\n", "stories/x.md:1: has no front-matter"),
])
def test_bad_files_get_one_clear_message(data, expected):
    s = model.parse(data, "stories/x.md")
    assert len(s.problems) == 1
    assert str(s.problems[0]).startswith(expected), str(s.problems[0])


def test_bom_crlf_and_tabs_are_read_correctly():
    data = ("\ufeff" + GOOD.replace("\n", "\r\n").replace("Alex arrived", "Alex\tarrived"))
    s = model.parse(data.encode("utf-8"), "stories/x.md")
    assert s.problems == []
    assert s.title == "Learning to influence"
    assert s.body == "Alex\tarrived with a plan.\n"


def test_odd_file_name_is_a_problem_with_a_suggestion():
    s = parse(GOOD, path="stories/My Story (final).md")
    assert messages(s) == ["stories/My Story (final).md: has a file name that is not a clean "
                           "slug; rename it to 'my-story-final.md' (lowercase letters, digits "
                           "and hyphens)"]


def test_draft_and_consent_are_reasons_to_withhold(tmp_path):
    """The verdict lives in the site pipeline; the story model only parses."""
    from casebook import site

    def reasons(text, consent=("written", "verbal")):
        (tmp_path / "x.md").write_text(text, encoding="utf-8")
        settings = site.settings.build(None, tmp_path, None, {"consent": list(consent)})
        [v] = site.review(settings).verdicts
        return [r.split(": ", 1)[1] for r in v.reasons]

    assert reasons(GOOD) == []
    assert reasons(GOOD.replace("consent: written", "consent: none")) == [
        "consent is 'none'; publishing needs one of written, verbal"]
    assert reasons(GOOD, ("written",)) == []
    assert reasons(GOOD.replace("consent: written", "consent: verbal"), ("written",)) == [
        "consent is 'verbal'; publishing needs one of written"]
    assert reasons(GOOD.replace("date:", "draft: true\ndate:")) == ["marked draft: true"]


def test_loading_never_writes_the_file(tmp_path):
    p = tmp_path / "x.md"
    p.write_bytes(b"---\ntitle: [\n---\n")
    before = p.read_bytes(), p.stat().st_mtime_ns
    s = model.load(p)
    assert s.problems
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before


def test_one_pass_type_errors_do_not_hide_the_others():
    """`consent: yes` (read as true by YAML) says so, and the other problems come with it:
    a missing field, every bad item of a list, both halves of goal."""
    s = parse(GOOD.replace("consent: written", "consent: yes")
              .replace('summary: ', 'summery: ')
              .replace('outcomes:\n  - "Promoted within 12 months"',
                       'outcomes: ["ok", "", true]'))
    got = " | ".join(messages(s))
    assert "'consent' must be one of written, verbal, none; got true/false (YAML reads " \
           "the unquoted 'yes' as true/false" in got
    assert "'summary' is required for a client-story" in got
    assert "'summery' is not a story field (did you mean 'summary'?)" in got
    assert "'outcomes[1]' must not be empty" in got and "'outcomes[2]' must be text" in got
    s = parse(GOOD.replace("goal:\n", "goal:\n  extra: 1\n").replace("  before:", "  bfore:"))
    got = " | ".join(messages(s))
    assert "'goal' is missing 'before'" in got and "'goal.extra' has unknown key" in got


def test_every_schema_field_is_a_field_of_the_story():
    """A field set only as an attribute is lost when a story is copied (the parse cache and
    the checker's second reading copy stories)."""
    import dataclasses

    from casebook.schema import SCHEMA
    names = {f.name for f in dataclasses.fields(model.Story)}
    assert set(SCHEMA) <= names, set(SCHEMA) - names
