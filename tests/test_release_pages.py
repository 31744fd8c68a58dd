"""A build releases each page's Markdown, HTML and table of contents once MkDocs has written
it (CasebookPlugin._release): at 10,000 stories they were a hundred MB held to the end of the
build. Real mkdocs builds in this process, in temporary folders: the site a releasing build
writes is the one a keeping build writes, byte for byte (search index, sitemap, feeds and
the audit's verdict included), and no page is released where something could still read it
(a plugin casebook does not know)."""
from __future__ import annotations

import pytest

from conftest import build_here, site_config, three_stories

pytestmark = pytest.mark.build


def _build(root, monkeypatch, *, release: bool = True, cfg: dict | None = None) -> dict:
    """Build in this process; return {src_uri: page} as the build left them."""
    from casebook.plugin.plugin import CasebookPlugin

    pages: dict = {}
    post_page = CasebookPlugin.on_post_page

    def keeping(self, output, *, page, config):
        pages[page.file.src_uri] = page
        return post_page(self, output, page=page, config=config)

    monkeypatch.setattr(CasebookPlugin, "on_post_page", keeping)
    if not release:
        monkeypatch.setattr(CasebookPlugin, "_pages_to_release", lambda self, c, f: 0)
    cfg = cfg or site_config(root, cache_dir=str(root / ".cache"))
    cfg["site_url"] = "https://stories.example.org/"       # feeds are written too
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    try:
        build_here(root, cfg)
    finally:
        monkeypatch.undo()
    return pages


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_releases_every_page_once_written_and_writes_the_same_site(tmp_path,
                                                                           monkeypatch):
    released, kept = tmp_path / "released", tmp_path / "kept"
    for root in (released, kept):
        three_stories(root)
    pages = _build(released, monkeypatch)
    kept_pages = _build(kept, monkeypatch, release=False)
    assert pages and all(p.content is None and p.markdown is None and not list(p.toc)
                         for p in pages.values())
    # (a keeping build keeps them: the test can fail)
    assert all(p.content is not None for p in kept_pages.values())
    got, want = _files(released / "site"), _files(kept / "site")
    assert "search/search_index.json" in got and "feed.xml" in got
    # The sites differ only where a page names its own folder.
    assert got.keys() == want.keys()
    assert all(got[k].replace(b"released", b"kept") == want[k] for k in got)
    # A warm build (pages given back from the page store, outputs read when written) too.
    again = _build(released, monkeypatch)
    assert all(p.content is None for p in again.values())
    assert _files(released / "site") == got


def test_no_page_is_released_with_a_plugin_casebook_does_not_know(tmp_path, monkeypatch):
    three_stories(tmp_path)
    cfg = site_config(tmp_path, cache_dir=str(tmp_path / ".cache"))
    # A plugin that might read pages after they are written.
    cfg["plugins"] = cfg["plugins"] + ["material/tags"]
    pages = _build(tmp_path, monkeypatch, cfg=cfg)
    assert pages and all(p.content is not None for p in pages.values())
