"""What is read: front-matter values and comments, HTML comments, headings, tables, code."""
from casebook.checker import CheckConfig, check_story
from casebook.story import parse

from .conftest import covered

LEAKY_FRONT = """\
---
title: "How Oluwaseun found her voice"
kind: client-story
summary: "A director at Ferrowick Partners learned to delegate."
role: "Director"  # real client: Maeve Quigley
sector: "Retail"
goal:
  before: "Do everything"
  after: "Lead"
outcomes:
  - "Promoted in 2021"
themes: [delegation]
consent: written
pseudonyms: [Nadia]
date: 2024-05-06
---
Nadia took the lead.
"""


def test_front_matter_values_and_comments_are_read():
    s = parse(LEAKY_FRONT, "stories/x.md")
    got = {f.text for f in check_story(s)}
    assert "Oluwaseun" in got
    assert "Ferrowick Partners" in got
    assert "Maeve Quigley" in got
    assert "2021" in got
    assert not any(t in got for t in ("Nadia", "2024-05-06", "title", "client-story"))


def test_broken_front_matter_is_still_checked():
    broken = LEAKY_FRONT.replace('kind: client-story', 'kind: client-story: [')
    s = parse(broken, "stories/x.md")
    assert s.problems
    got = {f.text for f in check_story(s)}
    assert "Ferrowick Partners" in got and "Maeve Quigley" in got


def test_html_comment_heading_table_and_code_are_read():
    body = ("<!-- note to self: Priyanka's team -->\n\n"
            "## Working with Tobias\n\n"
            "| Who | Where |\n|---|---|\n| the client | Leicester |\n\n"
            "She typed `ola@quorvale.io` into the form.\n")
    assert covered(body, "Priyanka")
    assert covered(body, "Tobias")
    assert covered(body, "Leicester")
    assert covered(body, "ola@quorvale.io")


def test_positions_are_one_based_and_end_exclusive():
    text = "---\ntitle: \"T\"\n---\nWe met Priyanka there.\n"
    [f] = [f for f in check_story(parse(text, "stories/x.md")) if f.text == "Priyanka"]
    line = text.splitlines()[f.line - 1]
    assert line[f.column - 1:f.end_column - 1] == "Priyanka"
    assert text[f.start:f.end] == "Priyanka"


def test_sorted_and_deduplicated():
    body = "Priyanka met Tobias. Tobias met Priyanka at Ferrowick Partners."
    from .conftest import findings
    fs = findings(body)
    starts = [f.start for f in fs]
    assert starts == sorted(starts)
    assert len({(f.start, f.end) for f in fs}) == len(fs)
    for a in fs:
        assert not any(b is not a and b.start <= a.start and a.end <= b.end for b in fs)


def test_checker_never_raises_on_odd_text():
    for text in ["", "---\n", "---\n---\n", "\x00\x01", "# \n![](", "<!-- casebook: allow",
                 "@" * 50, "2022" * 100, "Mr", "[at] [dot]"]:
        check_story(parse(text, "stories/x.md"), CheckConfig())


def test_a_file_name_that_names_the_client_is_a_problem():
    from .conftest import story_of
    s = story_of("A quiet promotion.", path="stories/priyanka-okafor-promotion.md")
    check_story(s)
    assert any("priyanka" in p.message for p in s.problems)
    ok = story_of("A quiet promotion.", path="stories/grace-under-pressure.md")
    check_story(ok)
    assert not ok.problems
