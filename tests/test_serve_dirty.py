"""`mkdocs serve` (with `--dirty`, MkDocs' own page skipping; without, casebook's page reuse)
rebuilds only the edited page, yet a story that becomes withheld leaves every page at once
(the related stories of the others, the listings)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from conftest import get_page, mkdocs_serve, serve_until, site_config, story_text, write_stories

pytestmark = pytest.mark.build


_get, _until = get_page, serve_until


@pytest.fixture(params=["--dirty", None], ids=["dirty", "plain"])
def dirty_serve(tmp_path, request):
    write_stories(tmp_path, {
        "first-story.md": story_text(title='"First story"', body="The first story body.\n"),
        "second-story.md": story_text(title='"Second story"', body="The second body.\n")})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site_config(tmp_path)),
                                         encoding="utf-8")
    proc, base = mkdocs_serve(tmp_path, *filter(None, [request.param]))
    _until(base + "first-story/", lambda p: "Second story" in p, proc, "first build")
    time.sleep(1.5)   # the watcher starts after the first build
    yield base, tmp_path / "stories", proc
    proc.terminate()
    proc.wait(timeout=30)


def test_an_edit_is_served_and_a_newly_withheld_story_leaves_every_page(dirty_serve):
    base, docs, proc = dirty_serve
    first = _until(base + "first-story/", lambda p: "Second story" in p, proc, "related card")
    assert "cb-related" in first
    # An edit to the body alone: the page shows it.
    Path(docs / "first-story.md").write_text(
        story_text(title='"First story"', body="The first story, edited.\n"), encoding="utf-8")
    _until(base + "first-story/", lambda p: "The first story, edited." in p, proc, "the edit")
    # The second story now names someone: withheld, it leaves the first story's related
    # cards and the listing, though the first story's file did not change.
    Path(docs / "second-story.md").write_text(
        story_text(title='"Second story"', body="I met Priya Raghunathan there.\n"),
        encoding="utf-8")
    _until(base + "second-story/", lambda p: "Not publishable" in p, proc, "the banner")
    first = _until(base + "first-story/", lambda p: "Second story" not in p, proc,
                   "the related card of the withheld story going")
    assert "The first story, edited." in first
    listing = _until(base + "client-stories/", lambda p: "First story" in p, proc, "listing")
    assert "Second story" not in listing
