"""`mkdocs serve` rebuilds only what an edit changed (casebook/plugin/reuse.py).

Each test runs MkDocs' own serve builds in this process, as `mkdocs serve` does (one plugin
instance across rebuilds), and compares what a rebuild that reused pages wrote with what a
fresh server writes for the same files: byte for byte, search index included.
"""
from __future__ import annotations

import gzip
import os
import logging
from pathlib import Path

import pytest
import yaml

from conftest import site_config, story_text, three_stories

pytestmark = pytest.mark.build

SERVE_URL = "http://127.0.0.1:8000/"


def serve_build(root: Path, site: Path, *, fresh: bool = False, host: str = "127.0.0.1"):
    """One rebuild of `mkdocs serve` (fresh: the first build of a new server)."""
    from mkdocs.commands.build import build
    from mkdocs.config import defaults, load_config
    if fresh:
        defaults.MkDocsConfig.plugins.plugin_cache.clear()
    cfg = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site),
                      dev_addr=f"{host}:8000")
    cfg.site_url = SERVE_URL
    if fresh:
        cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg, serve_url=SERVE_URL, dirty=False)
    return cfg.plugins["casebook"]


def tree(site: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            out[p.relative_to(site).as_posix()] = gzip.decompress(data) \
                if p.suffix == ".gz" else data
    return out


@pytest.fixture()
def site(tmp_path):
    three_stories(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site_config(tmp_path)),
                                         encoding="utf-8")
    return tmp_path


def edit(root: Path, name: str, **fields) -> None:
    (root / "stories" / name).write_text(story_text(**fields), encoding="utf-8")


def test_a_body_edit_rebuilds_one_page_and_the_site_is_what_a_fresh_server_writes(site):
    served = site / "served"
    plugin = serve_build(site, served, fresh=True)
    assert plugin.reuse.reused_count == 0
    edit(site, "first-story.md", title='"First story"', body="The first story, edited.\n")
    plugin = serve_build(site, served)
    # The two other stories and every listing came from the last build; the edited one not.
    assert plugin.reuse.reused_count >= 2
    assert plugin.reuse.reused("first-story.md") is None
    assert plugin.reuse.reused("second-story.md") is not None
    assert not Path(str(served) + ".casebook-previous").exists()
    reused = tree(served)
    assert b"The first story, edited." in reused["first-story/index.html"]
    fresh = tree_of_fresh_server(site)
    assert sorted(reused) == sorted(fresh)
    different = [name for name in fresh if fresh[name] != reused[name]]
    assert different == []


def tree_of_fresh_server(root: Path) -> dict[str, bytes]:
    fresh = root / "fresh"
    serve_build(root, fresh, fresh=True)
    return tree(fresh)


def test_the_search_index_keeps_every_reused_page(site):
    served = site / "served"
    serve_build(site, served, fresh=True)
    edit(site, "second-story.md", title='"Second story"', body="The second body, edited.\n")
    plugin = serve_build(site, served)
    assert plugin.reuse.reused("first-story.md") is not None
    index = (served / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "The first story body." in index and "A turning point" in index
    assert "The second body, edited." in index and "The second body.\"" not in index


def test_a_field_edit_rebuilds_every_page(site):
    served = site / "served"
    serve_build(site, served, fresh=True)
    # A title shows on other pages (related cards, listings): nothing is reused.
    edit(site, "second-story.md", title='"Second story, renamed"', body="The second body.\n")
    plugin = serve_build(site, served)
    assert plugin.reuse.reused_count == 0
    assert "Second story, renamed" in (served / "first-story" / "index.html").read_text()
    assert tree(served) == tree_of_fresh_server(site)


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_a_story_that_becomes_withheld_leaves_every_page_at_once(site, host):
    served = site / "served"
    serve_build(site, served, fresh=True, host=host)
    assert "Second story" in (served / "first-story" / "index.html").read_text()
    # Only the body changes, yet the story is withheld now: its card leaves every page.
    edit(site, "second-story.md", title='"Second story"',
         body="I met Priya Raghunathan there.\n")
    plugin = serve_build(site, served, host=host)
    assert plugin.reuse.reused_count == 0
    for page in ("first-story/index.html", "client-stories/index.html"):
        assert "Second story" not in (served / page).read_text(), page
    if host != "127.0.0.1":
        # Not a preview: nothing of the withheld story is served at all, not even a link.
        third = (served / "third-story" / "index.html").read_text()
        assert 'href="../second-story/"' not in third
        assert not (served / "second-story").exists()
        assert b"Raghunathan" not in b"".join(tree(served).values())


def test_no_skipped_page_lines_for_reused_pages(site, caplog):
    served = site / "served"
    serve_build(site, served, fresh=True)
    edit(site, "first-story.md", title='"First story"', body="Edited once more.\n")
    with caplog.at_level(logging.INFO):
        plugin = serve_build(site, served)
    assert plugin.reuse.reused_count >= 2
    assert not [r for r in caplog.records if "Page skipped" in r.getMessage()]


def test_another_plugin_turns_reuse_off(site):
    cfg = yaml.safe_load((site / "mkdocs.yml").read_text())
    cfg["plugins"].append("tags")   # mkdocs-material's tags plugin: shows other pages
    (site / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    served = site / "served"
    serve_build(site, served, fresh=True)
    edit(site, "first-story.md", title='"First story"', body="Edited.\n")
    plugin = serve_build(site, served)
    assert plugin.reuse.reused_count == 0


def test_the_home_page_and_the_explorer_are_kept_after_a_body_edit(site):
    """They show the stories' fields only (in the signature): a body edit changes neither."""
    served = site / "served"
    serve_build(site, served, fresh=True)
    edit(site, "first-story.md", title='"First story"', body="The first story, edited.\n")
    plugin = serve_build(site, served)
    assert plugin.reuse.reused("index.md") is not None
    assert plugin.reuse.reused("explorer/index.md") is not None
    assert tree(served) == tree_of_fresh_server(site)


def test_a_withheld_story_s_new_reason_reaches_the_not_published_page(site):
    """The list of what is not published shows each story's reasons: its content is its key,
    though which stories are withheld (the signature) stays the same."""
    served = site / "served"
    edit(site, "second-story.md", title='"Second story"', body="I met Priya Raghunathan.\n")
    serve_build(site, served, fresh=True)
    assert "(PERSON)" in (served / "not-published" / "index.html").read_text()
    edit(site, "second-story.md", title='"Second story"',
         body="Write to her at robin.quarry@example.org.\n")
    plugin = serve_build(site, served)
    assert plugin.reuse.reused("not-published/index.md") is None
    page = (served / "not-published" / "index.html").read_text()
    assert "(PERSON)" not in page and "(EMAIL)" in page
    assert tree(served) == tree_of_fresh_server(site)


def test_an_edited_partial_shows_on_the_next_rebuild(site):
    """casebook's own template environment is kept across rebuilds: Jinja reads a partial
    again once its file changed."""
    import shutil
    theme = site / "theme"
    shutil.copytree(Path(__file__).resolve().parents[1] / "theme", theme)
    cfg = yaml.safe_load((site / "mkdocs.yml").read_text())
    cfg["theme"]["custom_dir"] = str(theme)
    (site / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    served = site / "served"
    serve_build(site, served, fresh=True)
    header = theme / "partials" / "casebook" / "story-header.html"
    header.write_text('<p class="cb-edited-partial">edited</p>\n' + header.read_text(),
                      encoding="utf-8")
    stat = header.stat()
    os.utime(header, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    serve_build(site, served)
    assert "cb-edited-partial" in (served / "first-story" / "index.html").read_text()
    assert tree(served) == tree_of_fresh_server(site)
