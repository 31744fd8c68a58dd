"""The publish audit's memo: a warm build does not read an unchanged output file again, and
anything that could change the audit's answer (the file's bytes, the needles, the story)
makes it read the file again. Real mkdocs builds in temporary folders with a cache folder;
some in this process, so that the reading can be counted."""
from __future__ import annotations

import json

import pytest
import yaml

from casebook.checker import ResultCache, workers
from casebook.checker.workers import in_workers
from casebook.site import publish, safety
from conftest import build_here, mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build


def _stories() -> dict[str, str]:
    return {
        "delegation.md": story_text(),
        "listening.md": story_text(title='"Listening first"', themes="[listening]",
                                   summary='"A new manager learned to ask before answering."'),
        # Withheld (a name and an employer): its findings are the needles searched for.
        "held.md": story_text(title='"Held back"',
                              body="Marguerite Okonkwo-Bell led the finance team at "
                                   "Harrowgate Logistics.\n"),
    }


def _config(root):
    return site_config(root, cache_dir=str(root / ".cache"))


def _build_here(root, monkeypatch, *, prereading: bool = False,
                read: set[str] | None = None) -> set[str]:
    """Build in this process; return the output files the audit read (relative paths).
    The pages read while they were written (publish.Prereader) are read in a worker, which
    these counts do not see: off unless asked for."""
    read = set() if read is None else read
    site = root / "site"
    original = safety.read_output

    def counting(path):
        read.add(path.relative_to(site).as_posix())
        return original(path)

    monkeypatch.setattr(safety, "read_output", counting)
    if not prereading:
        monkeypatch.setattr(publish.Prereader, "page", lambda self, dest_uri: None)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build_here(root, _config(root))
    return read


def _table(root):
    return root / ".cache" / "memo" / f"{publish._AuditMemo.NAMESPACE}.table"


def test_a_warm_build_reads_no_output_file_again(tmp_path, monkeypatch):
    write_stories(tmp_path, _stories())
    cold = _build_here(tmp_path, monkeypatch)
    pages = {"delegation/index.html", "listening/index.html", "index.html"}
    assert pages <= cold                       # story pages, the home page ...
    assert "sitemap.xml" in cold               # ... and the needle search of every file
    assert not (tmp_path / "site" / "held").exists()
    assert _table(tmp_path).is_file()
    assert _build_here(tmp_path, monkeypatch) == set()
    assert (tmp_path / "site" / "delegation" / "index.html").is_file()


def test_a_story_whose_page_changed_is_read_again(tmp_path, monkeypatch):
    write_stories(tmp_path, _stories())
    _build_here(tmp_path, monkeypatch)
    write_stories(tmp_path, {"listening.md": story_text(
        title='"Listening first"', themes="[listening]",
        summary='"A new manager learned to ask before answering."',
        body="The manager began each meeting with a question.\n")}, home=False)
    read = _build_here(tmp_path, monkeypatch)
    assert "listening/index.html" in read
    assert "delegation/index.html" not in read


def test_a_page_that_changed_without_its_story_is_read_and_its_leak_found(tmp_path):
    # The story's source never changes (its check is a cache hit); the snippet it includes
    # does, so only its rendered page shows the name: the audit must read that page again.
    docs = write_stories(tmp_path, {"uses-snippet.md": story_text(
        title='"Snippet"', body='Intro.\n\n--8<-- "part.txt"\n')})
    (docs / "part.txt").write_text("Then the client agreed.\n", "utf-8")
    cfg = _config(tmp_path)
    cfg["markdown_extensions"] = [{"pymdownx.snippets": {"base_path": [str(docs)]}}]
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode == 0, build.output
    assert mkdocs_build(tmp_path, config=cfg).returncode == 0      # warm, from the memo
    (docs / "part.txt").write_text("Then Evangeline Thistlewood agreed.\n", "utf-8")
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode != 0
    assert "checker bug" in build.output and "Thistlewood" in build.output
    assert build.files() == {}                                      # site/ emptied


def _entries(root, cache: str = ".cache") -> list[list]:
    """The memo table's [key, value] lines (between its namespace and its checksum)."""
    table = root / cache / "memo" / f"{publish._AuditMemo.NAMESPACE}.table"
    lines = table.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == publish._AuditMemo.NAMESPACE
    return [json.loads(line) for line in lines[1:-1]]


def test_a_tampered_memo_table_is_ignored(tmp_path, monkeypatch):
    write_stories(tmp_path, _stories())
    cold = _build_here(tmp_path, monkeypatch)
    lines = _table(tmp_path).read_text(encoding="utf-8").splitlines()
    # Every reading says "nothing here", checksum left as it was.
    edited = [lines[0]] + [json.dumps([k, [] if isinstance(v, list) else v], sort_keys=True)
                           for k, v in _entries(tmp_path)] + [lines[-1]]
    assert edited != lines
    _table(tmp_path).write_text("\n".join(edited) + "\n", encoding="utf-8")
    assert _build_here(tmp_path, monkeypatch) == cold               # all read again
    _table(tmp_path).write_text(_table(tmp_path).read_text()[:-40], encoding="utf-8")
    assert _build_here(tmp_path, monkeypatch) == cold               # truncated: the same
    # Only the checksum line gone: every entry intact, but nothing says so.
    lines = _table(tmp_path).read_text(encoding="utf-8").splitlines()
    _table(tmp_path).write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert _build_here(tmp_path, monkeypatch) == cold


def test_the_memo_keeps_only_what_the_last_build_used(tmp_path, monkeypatch):
    write_stories(tmp_path, _stories())
    _build_here(tmp_path, monkeypatch)
    before = {k for k, _ in _entries(tmp_path)}
    (tmp_path / "stories" / "listening.md").unlink()
    _build_here(tmp_path, monkeypatch)
    after = {k for k, _ in _entries(tmp_path)}
    assert after and before - after            # the removed page's readings went


def _dict_memo():
    table: dict = {}

    def memo(parts, compute):
        key = json.dumps(parts)
        if key not in table:
            table[key] = compute()
        return table[key]
    return memo, table


def test_new_needles_search_every_file_again(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("<p>hello Zorbin and Quillam</p>", encoding="utf-8")
    memo, table = _dict_memo()
    assert safety.audit(site, {"Zorbin"}, set(), memo) == [("a/index.html", "Zorbin")]
    assert safety.audit(site, {"Zorbin"}, set(), memo) == [("a/index.html", "Zorbin")]
    assert len(table) == 1
    # the same bytes, other needles: a new search, which finds the new needle
    assert safety.audit(site, {"Quillam"}, set(), memo) == [("a/index.html", "Quillam")]
    (site / "a/index.html").write_text("<p>hello Zorbin</p>", encoding="utf-8")
    assert safety.audit(site, {"Quillam"}, set(), memo) == []
    assert len(table) == 3


def test_memo_retain_drops_other_keys_and_persists(tmp_path):
    cache = ResultCache(tmp_path)
    for k in "abc":
        cache.memo("t", k, lambda k=k: k.upper())
    cache.retain("t", {"b"})
    fresh = ResultCache(tmp_path)
    assert fresh.memo("t", "b", lambda: "recomputed") == "B"
    assert fresh.memo("t", "a", lambda: "recomputed") == "recomputed"


def test_site_files_lists_what_rglob_lists_in_its_order(tmp_path):
    import os
    site = tmp_path / "site"
    for rel in ("a/index.html", "a-b/index.html", "a.html", "b/c/d.xml.gz", "A/x", ".html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", encoding="utf-8")
    os.symlink(site / "a.html", site / "link.html")           # a link to a file: a file
    os.symlink(site / "b", site / "linked-folder")            # not followed, not a file
    os.symlink(site / "missing", site / "broken.html")        # not a file
    expected = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()]
    assert safety.site_files(site) == expected
    assert "link.html" in expected and "broken.html" not in expected


def test_the_memo_key_names_the_audits_own_code(tmp_path, monkeypatch):
    # A change to the code that reads pages must not be answered by what older code read.
    first = publish._fingerprint()
    assert first
    publish._fingerprint.cache_clear()
    real = publish.Path.read_bytes
    monkeypatch.setattr(publish.Path, "read_bytes",
                        lambda self: real(self) + (b"# edited" if self.name == "safety.py"
                                                   else b""))
    try:
        assert publish._fingerprint() not in ("", first)
    finally:
        publish._fingerprint.cache_clear()


def test_in_workers_gives_what_one_process_gives_in_order():
    computes = [lambda i=i: [str(i), "x" * (i % 7)] for i in range(200)]
    assert in_workers(computes) == [c() for c in computes]
    assert list(workers.iter_in_workers(computes)) == [c() for c in computes]


def test_iter_in_workers_works_out_the_rest_here_when_the_workers_fail(monkeypatch):
    import os
    parent = os.getpid()
    # A worker that dies (as an out-of-memory kill would) breaks the pool: every result is
    # still given, in order, those not yet received worked out in this process.
    computes = [lambda i=i: os._exit(1) if i == 150 and os.getpid() != parent else i
                for i in range(200)]
    assert list(workers.iter_in_workers(computes)) == list(range(200))


@pytest.mark.parametrize("cached", [True, False])
def test_a_cold_audit_on_every_core_still_finds_what_one_process_finds(tmp_path, monkeypatch,
                                                                        cached):
    """The readings a cold build's audit works out in forked workers are the same: a leak
    planted in the built site after the build is found either way."""
    write_stories(tmp_path, _stories())
    cfg = site_config(tmp_path, cache_dir=str(tmp_path / ".cache") if cached else "")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False),
                                         encoding="utf-8")
    build = mkdocs_build(tmp_path, config=cfg)
    assert build.returncode == 0, build.output
    site = tmp_path / "site"
    page = site / "delegation" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", "<p>Ask Marguerite Okonkwo-Bell at Harrowgate Logistics.</p></article>"),
        encoding="utf-8")
    from casebook import site as core
    settings = core.settings.build(None, tmp_path / "stories", site, cfg["plugins"][1]
                                   ["casebook"] if isinstance(cfg["plugins"][1], dict) else {})
    shutil_cache = tmp_path / ".cache" / "memo"
    if shutil_cache.exists():
        for f in shutil_cache.iterdir():
            f.unlink()                      # a cold audit: nothing read before
    review = core.review(settings, jobs=1)
    from casebook.site.listings import Entry
    published = [Entry(v, v.source.rel, v.source.rel[:-3] + "/") for v in review.published
                 if not v.is_page]
    withheld = list(review.withheld)

    def hits():
        return publish.audit_site(settings, site, withheld, published,
                                  {e.url + "index.html": e for e in published}, set())
    one = hits()
    monkeypatch.setattr(workers, "THRESHOLD", 1)
    if cached:
        for f in shutil_cache.iterdir():
            f.unlink()
    many = hits()
    assert one and sorted(map(str, many)) == sorted(map(str, one))
    assert any("delegation/index.html" in str(h) and "Okonkwo" in str(h) for h in many)


def test_what_was_read_while_pages_were_written_is_what_the_audit_reads(tmp_path,
                                                                         monkeypatch):
    # Two copies of one site: the audit reading every file itself, and with the reading
    # begun while MkDocs wrote the pages. The memo ends up the same, key for key.
    plain, early = tmp_path / "plain", tmp_path / "early"
    for root in (plain, early):
        write_stories(root, _stories())
    _build_here(plain, monkeypatch)
    monkeypatch.undo()
    read = _build_here(early, monkeypatch, prereading=True)
    # The story pages were read by the worker, not again by the audit.
    assert "delegation/index.html" not in read and "listening/index.html" not in read
    assert (early / "site" / "delegation" / "index.html").is_file()

    def readings(root):
        # The keys name the pages' bytes, which differ between the copies only where a page
        # shows its folder; the readings themselves must be the same.
        return sorted(json.dumps(v, sort_keys=True) for _, v in _entries(root))
    assert readings(early) == readings(plain)
    assert len(_entries(early)) == len(_entries(plain))


def test_a_page_rewritten_after_it_was_read_early_is_read_again(tmp_path, monkeypatch):
    from casebook.plugin.plugin import CasebookPlugin
    write_stories(tmp_path, _stories())
    page = tmp_path / "site" / "delegation" / "index.html"
    original = CasebookPlugin._remove_stale_output
    kept: list[str] = []       # what the worker's readings were kept in the memo as
    memo_call = publish._AuditMemo.__call__

    def keeping(self, parts, compute):
        kept.append(parts[0])
        return memo_call(self, parts, compute)

    def rewrite_then_go_on(self, config):
        # Every page handed to the worker and read by it (the last one is handed over only
        # when the audit starts, so here by hand), its readings kept as they arrive ...
        pre = self.prereader
        pre._submit(pre._written + [pre._last])
        pre._written, pre._last = [], None
        pre._absorb()
        assert "story-page" in kept and not pre._futures
        # ... then something changes a page, before the audit.
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("</article>", "<p>Marguerite Okonkwo-Bell</p></article>"),
                        encoding="utf-8")
        return original(self, config)

    monkeypatch.setattr(CasebookPlugin, "_remove_stale_output", rewrite_then_go_on)
    monkeypatch.setattr(publish._AuditMemo, "__call__", keeping)
    monkeypatch.setattr(publish.Prereader, "BATCH", 1)
    read: set[str] = set()
    with pytest.raises(Exception):
        _build_here(tmp_path, monkeypatch, prereading=True, read=read)
    # The early reading did not count: the audit read the page's new bytes, found the name
    # and emptied site/.
    assert "delegation/index.html" in read
    assert list((tmp_path / "site").iterdir()) == []


def test_a_story_page_line_with_the_date_in_it_is_read_without_the_date(tmp_path,
                                                                        monkeypatch):
    """A story page's reading keeps a line alone, or [line, line without the publication
    date] when the date is in it: the second form is what is checked, and a warm audit
    (from the memo, through JSON) finds what a cold one finds."""
    from types import SimpleNamespace
    from casebook.story import parse
    story = parse(story_text(), "stories/delegation.md")
    entry = SimpleNamespace(story=story, verdict=SimpleNamespace(path="stories/delegation.md"))
    site = tmp_path / "site"
    (site / "delegation").mkdir(parents=True)
    (site / "delegation" / "index.html").write_text(
        "<html><body><article><p>On 14 March 2025 Quillam Zorbinski joined us</p>"
        "<p>Shared chrome line</p><p>Shared chrome line</p></article></body></html>",
        encoding="utf-8")
    got = publish._unexplained_lines(site / "delegation" / "index.html", entry, set(), ())
    assert got == [["On 14 March 2025 Quillam Zorbinski joined us",
                    "On Quillam Zorbinski joined us"], "Shared chrome line"]
    checked = []

    def check_lines(text):
        checked.append(text)
        at = text.find("Zorbinski")
        return [SimpleNamespace(start=at, category="PERSON", text="Zorbinski")] if at >= 0 \
            else []
    reads = []
    monkeypatch.setattr(safety, "read_output", lambda path: reads.append(path) or
                        path.read_text(encoding="utf-8"))
    for _ in range(2):     # cold, then warm: a new process reads the memo from disk
        memo = publish._AuditMemo(ResultCache(tmp_path / "cache"))
        hits = publish._audit_story_pages(site, {"delegation/index.html": entry},
                                          {"Shared chrome line"}, check_lines, (), memo)
        assert [h.file for h in hits] == ["delegation/index.html"]
        assert "Zorbinski" in hits[0].what
    assert len(reads) == 1 and len(_entries(tmp_path, "cache")) == 1
    assert checked == ["On Quillam Zorbinski joined us"] * 2
