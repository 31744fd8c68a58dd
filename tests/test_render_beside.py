"""Story pages rendered by a forked process beside MkDocs (casebook.plugin.forked,
`render_jobs`). Real mkdocs builds in this process, in temporary folders, with the threshold
lowered so that a small site forks: the site a build with a second process writes is the one
a single process writes, byte for byte (pages, search index, sitemap, feeds); what the
child logs is logged by the build (and fails `--strict`); a child that fails or dies stops
the build with a clear error; a withheld story is never handed to it."""
from __future__ import annotations

import logging
import os
import posixpath

import pytest
from mkdocs.exceptions import Abort

from casebook.plugin import forked, reuse
from casebook.site import options
from conftest import build_here, site_config, story_text, write_stories

pytestmark = [pytest.mark.build,
              pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                 reason="forking needs fork() and two cores")]

SITE_URL = "https://stories.example.org/"


def _site(root):
    """Eight published stories that show one another, one with an image and one withheld."""
    stories = {f"story-{i}.md": story_text(title=f'"Story number {i}"',
                                           themes="[leadership, delegation]" if i % 2 else
                                           "[resilience]",
                                           body=f"The client's work, part {i}.\n\n"
                                                f"## What changed\n\nIt went well.\n")
               for i in range(8)}
    stories["story-3.md"] = story_text(
        title='"Story with a picture"',
        body="See ![the team](team.png) and [another](story-4.md#what-changed).\n")
    # A page this process renders links an anchor of one the child renders.
    stories["story-4.md"] = story_text(
        title='"Story number 4"', body="## What changed\n\nSee [five](story-5.md#what-changed).\n")
    stories["held.md"] = story_text(title='"Held back"', consent="none")
    write_stories(root, stories)
    (root / "stories" / "team.png").write_bytes(_png())


def _png() -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 100, 50)).save(out, "PNG")
    return out.getvalue()


def _config(root, name: str, jobs: int, **cfg) -> dict:
    c = site_config(root, cache_dir=str(root / f"cache-{name}"), render_jobs=jobs)
    c.update(site_url=SITE_URL, site_dir=str(root / f"site-{name}"), **cfg)
    return c


def _build(root, monkeypatch, name: str, jobs: int, **cfg):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build_here(root, _config(root, name, jobs, **cfg))
    return root / f"site-{name}"


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture()
def low_threshold(monkeypatch):
    monkeypatch.setattr(forked, "THRESHOLD", 2)


@pytest.fixture()
def handed(monkeypatch):
    """The pages each forked process was given, as `shares` made them."""
    given: list[list[str]] = []
    real = forked.shares

    def recording(uris, jobs):
        out = real(uris, jobs)
        given.extend(out)
        return out
    monkeypatch.setattr(forked, "shares", recording)
    return given


def test_a_second_process_writes_the_same_site_byte_for_byte(tmp_path, monkeypatch,
                                                             low_threshold, handed, caplog):
    _site(tmp_path)
    caplog.set_level(logging.INFO)
    one = _files(_build(tmp_path, monkeypatch, "one", 1))
    assert handed == []                                   # one process: nothing forked
    two = _files(_build(tmp_path, monkeypatch, "two", 2))
    assert handed and len(handed[0]) >= 2
    assert any("page(s) rendered beside this process" in r.getMessage()
               for r in caplog.records)
    # Links to anchors of pages rendered in the other process were validated, and hold.
    assert not [r for r in caplog.records if "does not contain an anchor" in r.getMessage()]
    assert {"search/search_index.json", "sitemap.xml", "feed.xml",
            "team.png"} <= one.keys()
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    # The withheld story is in no share, and on no page.
    assert not any("held.md" in share for share in handed)
    assert "held/index.html" not in two


def test_a_build_after_one_rendered_beside_gives_every_page_back(tmp_path, monkeypatch,
                                                                 low_threshold, handed,
                                                                 caplog):
    _site(tmp_path)
    caplog.set_level(logging.INFO)
    first = _files(_build(tmp_path, monkeypatch, "two", 2))
    assert handed
    caplog.clear()
    again = _files(_build(tmp_path, monkeypatch, "two", 2))
    assert again == first
    assert any("given back from the last build" in r.getMessage() for r in caplog.records)
    # Nothing left to render: nothing forked the second time.
    assert not any("rendered beside" in r.getMessage() for r in caplog.records)
    assert len(handed) == 1


def test_what_the_child_logs_is_logged_by_the_build_and_fails_strict(tmp_path, monkeypatch,
                                                                     low_threshold, caplog):
    _site(tmp_path)
    (tmp_path / "stories" / "story-5.md").write_text(story_text(
        title='"A broken link"', body="See [the notes](no-such-page.md).\n"),
        encoding="utf-8")
    # Every page outside the nav goes to the child: the warning can only come from there.
    monkeypatch.setattr(forked, "shares", lambda uris, jobs: [list(uris)])
    parent = os.getpid()
    with pytest.raises(Abort, match="strict"):
        _build(tmp_path, monkeypatch, "two", 2, strict=True)
    warned = [r for r in caplog.records if r.levelno == logging.WARNING
              and "no-such-page.md" in r.getMessage()]
    assert len(warned) == 1 and os.getpid() == parent


@pytest.mark.parametrize("how", ["raises", "dies", "dies after writing"])
def test_a_child_that_fails_stops_the_build_with_a_clear_error(tmp_path, monkeypatch,
                                                               low_threshold, caplog, how):
    _site(tmp_path)
    monkeypatch.setattr(forked, "shares", lambda uris, jobs: [list(uris)])
    parent = os.getpid()
    real_put = reuse.Outbox.put
    real_send = forked._Sender.__call__
    count, sent = [], []

    def failing(self, uri, saved):          # only the child keeps pages in an Outbox
        assert os.getpid() != parent
        count.append(uri)
        if len(count) == 2 and how != "dies after writing":
            if how == "dies":
                os._exit(3)
            raise RuntimeError("the template broke")
        return real_put(self, uri, saved)

    def sending(self, record):              # the child hands a page over once it is written
        if record[0] == "page":
            sent.append(record[1][0])
            if len(sent) == 2 and how == "dies after writing":
                os._exit(3)
        return real_send(self, record)
    monkeypatch.setattr(reuse.Outbox, "put", failing)
    monkeypatch.setattr(forked._Sender, "__call__", sending)
    started, shares = [], []
    real_start = forked.start

    def start(render, uris, *args):
        h = real_start(render, uris, *args)
        started.append(h.pid)
        shares.append(list(uris))
        return h
    monkeypatch.setattr(forked, "start", start)
    with pytest.raises(Abort):
        _build(tmp_path, monkeypatch, "two", 2)
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "the process rendering story pages beside this one failed" in said
    assert ("the template broke" in said) if how == "raises" else \
        ("stopped before handing over every page" in said)
    assert "render_jobs: 1" in said
    # No page the build did not take from the child is in site/ (the child writes each
    # page's file before handing it over: that of the second page is removed), and the
    # child has exited.
    site = tmp_path / "site-two"
    written = {p.parent.name for p in site.rglob("index.html")}
    child_pages = {posixpath.splitext(u)[0] for u in shares[0]}
    assert not (child_pages - {posixpath.splitext(shares[0][0])[0]}) & written
    assert started
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_small_site_renders_in_one_process(tmp_path, monkeypatch, handed):
    _site(tmp_path)
    _build(tmp_path, monkeypatch, "small", 2)     # 8 pages: under the threshold
    assert handed == []


def test_shares_interleave_and_leave_this_process_the_first_of_each_round():
    uris = [f"p{i}" for i in range(7)]
    assert forked.shares(uris, 1) == []
    assert forked.shares(uris, 2) == [["p1", "p3", "p5"]]
    assert forked.shares(uris, 3) == [["p1", "p4"], ["p2", "p5"]]


def test_jobs_are_at_most_one_per_core(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert [forked.jobs_for(n) for n in (1, 2, 8)] == [1, 2, 2]
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert forked.jobs_for(4) == 1


@pytest.mark.parametrize("value", [0, -1, "two", 1.5])
def test_render_jobs_must_be_a_whole_number_from_one(value):
    opts, errors = options.validate({"render_jobs": value})
    assert [k for k, _ in errors] == ["render_jobs"]
    assert opts.render_jobs == 2


def test_a_record_that_propagates_is_collected_once():
    child, parent = logging.getLogger("cbtest.a.b"), logging.getLogger("cbtest.a")
    child.handlers, parent.handlers = [logging.NullHandler()], [logging.NullHandler()]
    loggers = [logging.getLogger()] + [lg for lg in logging.Logger.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    saved = [(lg, list(lg.handlers)) for lg in loggers]
    try:
        collector = forked.collect_logs()
        child.warning("once %s", "only")
        assert collector.take() == [("cbtest.a.b", logging.WARNING, "once only")]
        assert collector.take() == []
    finally:
        for lg, handlers in saved:
            lg.handlers = handlers
        child.handlers, parent.handlers = [], []
