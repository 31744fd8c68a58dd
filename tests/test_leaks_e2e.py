"""End to end: stories that leak in every place a reader or the page source could see.

Each story below leaks in exactly one place. The build must withhold each one *because of a
checker finding* (not by luck, e.g. a validation error), and no leak string may appear in any
byte of site/ (compressed files decompressed).
"""
from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import mkdocs_build, story_text, write_stories

pytestmark = pytest.mark.build

# place -> (story file name, story text, the leak strings that must not reach site/)
LEAKY = {
    "body": ("leak-body.md", story_text(
        body="I first met Priya Raghunathan when her team was struggling.\n"),
        ["Priya", "Raghunathan"]),
    "front-matter role": ("leak-role.md", story_text(
        role='"Director, Fenwick Moorcroft Ltd"'), ["Fenwick", "Moorcroft"]),
    "front-matter outcome": ("leak-outcome.md", story_text(
        outcomes='\n  - "Named head of the Aldgate office in March 2023"'),
        ["Aldgate", "March 2023"]),
    "yaml comment": ("leak-yaml-comment.md", story_text(
        duration='"12 months"   # real client: Oksana Hryhorenko'), ["Oksana", "Hryhorenko"]),
    "image alt text": ("leak-alt.md", story_text(
        body="![Portrait of Thaddeus Okonkwo-Reyes](images/portrait.png)\n"),
        ["Thaddeus", "Okonkwo-Reyes"]),
    "image file name": ("leak-image-name.md", story_text(
        body="![A team photo](images/marguerite-delacroix-team.png)\n"),
        ["marguerite-delacroix-team", "marguerite"]),
    "heading": ("leak-heading.md", story_text(
        body="## Working with Dominika\n\nThe work began slowly.\n"), ["Dominika"]),
    "link text and target": ("leak-link.md", story_text(
        body="Her notes are on [the Wexcombe blog](https://wexcombe-insights.example.org/notes)"
             ".\n"), ["Wexcombe", "wexcombe-insights.example.org"]),
    "table": ("leak-table.md", story_text(
        body="| Session | Attendee |\n| --- | --- |\n| First | Cornelius Abernathy |\n"),
        ["Cornelius", "Abernathy"]),
    "html block": ("leak-html.md", story_text(
        body='<div class="note">Call me on 020 7946 0958 any time.</div>\n'),
        ["020 7946 0958"]),
    "html comment": ("leak-comment.md", story_text(
        body="The team grew.\n\n<!-- note to self: this is Ngozi's team -->\n"), ["Ngozi"]),
    "code span": ("leak-code.md", story_text(
        body="She signed every email `jonas.wexler@fenwickmoorcroft.co.uk` at first.\n"),
        ["jonas.wexler@fenwickmoorcroft.co.uk", "jonas.wexler"]),
    "footnote": ("leak-footnote.md", story_text(
        body="The change lasted.[^1]\n\n[^1]: From my interview with Bartholomew Quigley.\n"),
        ["Bartholomew", "Quigley"]),
    "staff id": ("leak-id.md", story_text(
        body="His staff number was EMP-448213 in the old system.\n"), ["EMP-448213"]),
    "handle": ("leak-handle.md", story_text(
        body="She still posts as @ravenscroft_leads about leadership.\n"),
        ["@ravenscroft_leads", "ravenscroft_leads"]),
    "unique description": ("leak-unique.md", story_text(
        body="She was the first woman to chair the regional water board.\n"),
        ["first woman to chair"]),
}
CLEAN = story_text(title='"A clean story"', body="The client learned to delegate.\n")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaks")
    # distinct titles: a shared title would withhold them as invalid, hiding what we test
    stories = {name: text.replace('title: "Learning to delegate"', f'title: "Story {i}"')
               for i, (name, text, _) in enumerate(LEAKY.values())}
    stories["clean.md"] = CLEAN
    stories["images/portrait.png"] = _png()
    stories["images/marguerite-delacroix-team.png"] = _png()
    write_stories(root, stories)
    build = mkdocs_build(root)
    assert build.returncode == 0, build.output
    return build


def test_the_clean_story_is_published(leak_site):
    assert "A clean story" in leak_site.text("clean/index.html")
    assert f"published 1, withheld {len(LEAKY)}" in leak_site.output


@pytest.mark.parametrize("place", sorted(LEAKY))
def test_each_leak_withholds_its_story_for_a_finding(leak_site, place):
    name, _, _ = LEAKY[place]
    out = leak_site.output
    marker = f"casebook: withheld stories/{name} (identifying details)"
    assert marker in out, f"{place}: {name} not withheld for a finding\n{out[-3000:]}"
    assert not (leak_site.site / name[:-3]).exists()


@pytest.mark.parametrize("place", sorted(LEAKY))
def test_no_leak_string_in_any_byte_of_site(leak_site, place):
    _, _, leaks = LEAKY[place]
    for leak in leaks:
        assert leak_site.grep(leak) == [], f"{place}: {leak!r} reached site/"


def test_strict_build_fails_on_leaks(tmp_path):
    name, text, _ = LEAKY["body"]
    write_stories(tmp_path, {name: text, "clean.md": CLEAN})
    build = mkdocs_build(tmp_path, strict=True)
    assert build.returncode != 0
    assert "Priya" in build.output   # the report names what to fix
