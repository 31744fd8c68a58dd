"""The publish audit: after a build, the built site itself is the final judge.

Whatever the gate missed, no withheld text may be in site/: every finding of every withheld
story, and withheld titles, are searched for in every generated file (compressed ones
decompressed). And what the site adds around the stories (home, listings, theme pages,
explorer, 404, with the chrome) is read by the checker. A hit empties site/: the same text
could sit in pages the audit did not read.

The audit is a pure function of each file's bytes and of its inputs (needles, chrome,
allow list, the story's own text and fields). With a cache folder, what it read of each file
is kept in the result cache's checksummed memo table, keyed by a digest of those bytes and
inputs and of the audit's own code: a file audited before is not parsed again. The verdict
itself is never kept: the lines read are checked again (the checker's own cache answers).
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import posixpath
import re
import shutil
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

from .. import __version__
from ..checker import CHECKER_VERSION, CheckConfig, ResultCache, check
from ..checker.workers import iter_in_workers, trim
from ..story import parse
from . import safety
from .listings import Entry
from .review import Verdict, open_cache
from .settings import Settings


@dataclass(frozen=True)
class Hit:
    """One piece of identifying text found in a built file."""

    file: str        # relative to site_dir
    what: str        # the text, or "CATEGORY 'text'" for a checker finding

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def audit_site(settings: Settings, site_dir: Path, withheld: Sequence[Verdict],
               published: Sequence[Entry], story_pages: dict[str, Entry] | set[str],
               theme_files: set[str], prereader: "Prereader | None" = None) -> list[Hit]:
    """Every trace of withheld text, or checker finding in what the built pages show and
    carry, in site/. `story_pages` maps each published story's output file to its entry.
    `prereader` holds what was read of pages while they were written (see `Prereader`)."""
    # The site's result cache: an unchanged site's generated text is not checked again, and
    # what the audit read of an unchanged file is not read again.
    if prereader is not None and prereader.memo is not None:
        memo = prereader.memo          # one cache in memory: the table is read once
        cache = memo.cache
    else:
        cache = open_cache(settings) if settings.cache_dir else None
        # No memo when the audit's own code cannot be read to fingerprint it.
        memo = _AuditMemo(cache) if cache is not None and _fingerprint() else None
    with cache.batch() if cache is not None else contextlib.nullcontext():
        if prereader is not None:
            prereader.finish(memo)
        # The prereader worked the needles out from these same inputs already.
        needles = set(prereader.needles) if prereader is not None and \
            prereader.memo is not None else _needles(withheld, published, memo)
        hits = _audit(settings, site_dir, needles, published, story_pages, theme_files,
                      cache, memo)
        if memo is not None:
            memo.forget_the_rest()
    return hits


def _withheld_texts(withheld: Sequence[Verdict]) -> set[str]:
    texts = {f.text for v in withheld for f in v.findings}
    # Story titles too (a listing would show one); not a page's title, like "Home",
    # which the nav of every page repeats.
    texts |= {v.story.title for v in withheld if v.story.title and not v.is_page}
    return texts


def _needles(withheld: Sequence[Verdict], published: Sequence[Entry], memo) -> set[str]:
    """What no output file may contain: withheld findings and titles that no published
    story shares."""
    texts = _withheld_texts(withheld)
    published_texts = [e.story.text for e in published]
    find = functools.partial(safety.audit_needles, texts, published_texts)
    return set(memo(("needles-of", safety.text_digest(sorted(texts)),
                     safety.text_digest(published_texts)), lambda: sorted(find()))
               if memo else find())


def _own_urls(settings: Settings) -> tuple[str, ...]:
    """The site's own address and what mkdocs.yml links (the call to action): the site's,
    not a story's."""
    return tuple(u for u in (settings.site_url, settings.site_url.split("://", 1)[-1],
                             settings.options.cta_link) if u and "/" in u)


class _KnownFields(frozenset):
    """Every published story's fields were checked at their source: a card of another story
    (related stories) shows them, often after a label the template prints ("Goal after: ").
    Whether a line is made of them depends on the line alone: the answer is kept (nearly
    every such line is a page's navigation, header or footer, the same on every page)."""

    MEMO_MAX = 10_000

    def __init__(self, fields=()):
        super().__init__()
        self._made_of: dict[str, bool] = {}

    def explain(self, line: str) -> bool:
        """The line has no letter, or is made only of published fields (each perhaps after
        a template's label)."""
        made_of = self._made_of.get(line)
        if made_of is None:
            if len(self._made_of) >= self.MEMO_MAX:
                self._made_of.clear()
            made_of = self._made_of[line] = \
                not any(c.isalpha() for c in line) or _known(line, self)
        return made_of


def _known_fields(story_pages: dict[str, Entry]) -> _KnownFields:
    return _KnownFields(set().union(*(_field_texts(e) for e in story_pages.values()))
                        if story_pages else ())


def _story_page_parts(digest: str, entry: Entry, own_urls: tuple[str, ...],
                      known_digest: str) -> tuple:
    """Everything a story page's reading depends on: the page's bytes, the story's text (its
    source and plain lines), its dates, fields, the site's known fields and own addresses.
    The chrome is applied on every build."""
    return ("story-page", digest,
            safety.text_digest([entry.story.text, _date_texts(entry),
                                sorted(_field_texts(entry)), list(own_urls)]),
            known_digest)


def _audit(settings, site_dir, needles, published, story_pages, theme_files, cache,
           memo) -> list[Hit]:
    digests = safety.Digests(site_dir)
    hits = [Hit(rel, repr(text)) for rel, text in
            safety.audit(site_dir, needles, theme_files, memo, digests)]
    generated = [r for r in digests.rels if posixpath.splitext(r)[1] == ".html"]
    others = [r for r in generated if r not in story_pages and r not in theme_files]
    allow = set(settings.check_config().allow) | set(safety.SITE_CHROME)
    for e in published:
        allow |= set(e.story.pseudonyms) | set(e.story.allow)
    config = CheckConfig(allow=tuple(sorted(allow)))

    def check_lines(text: str):
        return check(parse(text, "site"), config, cache).findings

    # What the site adds around the stories: home, listings, theme pages, explorer, 404.
    chrome: set[str] = {" ".join(t.split()) for _, t in settings.site_texts}
    chrome |= {" ".join(t.split()) for t in (settings.options.disclosure,
                                             settings.options.cta_text) if t}
    # The authors' names (accepted) and bios (checked with the disclosure).
    chrome |= {" ".join(t.split()) for a in settings.options.authors for t in (a.name, a.bio)}
    flagged = safety.audit_generated(site_dir, others, check_lines, seen=chrome, memo=memo,
                                     digests=digests)
    hits += [Hit(rel, f"{f.category} {f.text!r}") for rel, f in flagged]
    if isinstance(story_pages, dict):
        hits += _audit_story_pages(site_dir, story_pages, chrome, check_lines,
                                   _own_urls(settings), memo, digests)
    return hits


class _AuditMemo:
    """The audit's memo table in the site's result cache (`safety.Memo`). Each key is a
    digest of the audit's code and data (`_fingerprint`) and of the parts the caller names;
    the table keeps only the entries this build used, so it stays the size of the site."""

    NAMESPACE = "publish-audit"

    def __init__(self, cache: ResultCache):
        self.cache = cache
        self.used: set[str] = set()

    def __call__(self, parts: tuple, compute):
        key = safety.text_digest([_fingerprint(), *parts])
        self.used.add(key)
        return self.cache.memo(self.NAMESPACE, key, compute)

    def many(self, tasks: list[tuple[tuple, object]]) -> list:
        """`self(parts, compute)` for each task, the misses worked out at once, on every
        core when there are many (a cold build's audit)."""
        keys = [safety.text_digest([_fingerprint(), *parts]) for parts, _ in tasks]
        self.used.update(keys)
        known = self.cache.memo_known(self.NAMESPACE, keys)
        missing = [i for i, k in enumerate(keys) if k not in known]
        # Each reading is kept as it arrives, sharing the table's strings (see cache.py).
        for i, value in zip(missing, iter_in_workers([tasks[i][1] for i in missing])):
            known[keys[i]] = self.cache.memo(self.NAMESPACE, keys[i], lambda v=value: v)
        return [known[k] for k in keys]

    def known(self, parts_list: list[tuple]) -> list[bool]:
        """For each of `parts_list`, whether the memo has its reading already."""
        keys = [safety.text_digest([_fingerprint(), *parts]) for parts in parts_list]
        table = self.cache.memo_known(self.NAMESPACE, keys)
        return [k in table for k in keys]

    def forget_the_rest(self) -> None:
        self.cache.retain(self.NAMESPACE, self.used)


class Prereader:
    """What the audit will read of each page, worked out while MkDocs is still writing the
    others: a cold build renders on one core, so the other reads each page once it is
    written, in one forked worker started at the first page.

    Nothing here decides: the worker reads the file from site/ as the audit does, and each
    reading goes into the audit's memo under the digest of the bytes it read. The audit then
    reads every file as always, digest first: a file rewritten since is a memo miss and is
    read again. Only with a memo (a cache folder). A page is handed over once the next one
    is built (MkDocs writes a page's file after its last event), in batches (handing over
    costs more than a small page's reading), the last ones at `finish`."""

    BATCH = 16

    def __init__(self, settings: Settings, site_dir: Path, withheld: Sequence[Verdict],
                 published: Sequence[Entry], story_pages: dict[str, Entry],
                 theme_files: set[str]):
        cache = open_cache(settings) if settings.cache_dir else None
        self.memo = _AuditMemo(cache) if cache is not None and _fingerprint() else None
        self.site_dir = Path(site_dir)
        self.story_pages, self.theme_files = story_pages, theme_files
        self.own_urls = _own_urls(settings)
        self.known = _known_fields(story_pages)
        self.known_digest = safety.text_digest(sorted(self.known))
        self.which, self.needles = safety.needle_set(
            _needles(withheld, published, self.memo) if self.memo else set())
        self._pool = None
        self._last: str | None = None
        self._written: list[str] = []
        self._futures: list = []
        self._batch: contextlib.ExitStack | None = None   # the memo's, while reading

    def page(self, dest_uri: str) -> None:
        """MkDocs is writing `dest_uri`; the page before it is on disk now."""
        if self.memo is None or dest_uri in self.theme_files:
            return
        if self._last is not None:
            self._written.append(self._last)
            if len(self._written) >= self.BATCH:
                self._submit(self._written)
                self._written = []
        self._last = dest_uri

    def _submit(self, dest_uris: list[str]) -> None:
        global _PREREADER
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor
            # Forked: the worker has this reader's needles, fields, entries and the memo
            # table as they are (a reading the memo has already is not done again).
            _PREREADER = self
            trim()       # the worker counts as its own what this process holds
            try:
                self._pool = ProcessPoolExecutor(max_workers=1,
                                                 mp_context=mp.get_context("fork"))
            except (OSError, RuntimeError, ValueError):
                self.memo = None          # no worker: the audit reads everything itself
                return
        self._futures.append(self._pool.submit(_preread, dest_uris))
        self._absorb(done_only=True)

    def _absorb(self, done_only: bool = False) -> None:
        """Keep the readings the worker has sent in the memo as they arrive (sharing its
        strings): held as sent until the last page, a cold build's were 10,000 pages' lines,
        each page's chrome again. The memo's table is written once, by the audit."""
        while self._futures and (not done_only or self._futures[0].done()):
            future = self._futures.pop(0)
            try:
                readings = future.result()
            except Exception:        # the audit reads those pages itself
                continue
            if self.memo is None:
                continue
            if self._batch is None:
                self._batch = contextlib.ExitStack()
                self._batch.enter_context(self.memo.cache.batch())
            for parts, value in readings:
                self.memo(parts, lambda v=value: v)

    def parts(self, dest_uri: str, digest: str) -> list[tuple[str, tuple]]:
        """(kind, memo parts) of each reading the audit makes of this file."""
        suffix = posixpath.splitext(dest_uri)[1]
        out = []
        if self.needles:
            out.append(("needles", safety.needles_parts(self.which, suffix, digest)))
        entry = self.story_pages.get(dest_uri)
        if entry is not None:
            out.append(("story", _story_page_parts(digest, entry, self.own_urls,
                                                   self.known_digest)))
        elif suffix == ".html":
            out.append(("generated", safety.generated_parts(suffix, digest)))
        return out

    def finish(self, memo: "_AuditMemo | None") -> None:
        """Hand what was read to the audit's memo, and stop the worker (the audit forks
        workers of its own, which must not inherit a running pool's thread)."""
        try:
            rest = self._written + ([self._last] if self._last is not None else [])
            if rest and self.memo is not None:
                self._submit(rest)
            if memo is not self.memo:
                self.memo = memo
            self._absorb()
        finally:
            self.abandon()

    def abandon(self) -> None:
        global _PREREADER
        self._futures, self._last, self._written = [], None, []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _PREREADER = None
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.close()


_PREREADER: Prereader | None = None


def _preread(dest_uris: list[str]) -> list[tuple[tuple, object]]:
    """In the forked worker: (memo parts, reading) of each reading the audit would make of
    these files as they are on disk now, but those the memo already has."""
    return [r for dest_uri in dest_uris for r in _preread_one(_PREREADER, dest_uri)]


def _preread_one(reader: Prereader, dest_uri: str) -> list[tuple[tuple, object]]:
    path = reader.site_dir / dest_uri
    data = path.read_bytes()
    wanted = reader.parts(dest_uri, safety.bytes_digest(data))
    known = reader.memo.known([p for _, p in wanted])
    wanted = [(kind, p) for (kind, p), hit in zip(wanted, known) if not hit]
    if not wanted:
        return []
    markup = safety.decode_output(data, path.suffix)
    out = []
    for kind, parts in wanted:
        if kind == "needles":
            value = safety.needles_in(markup, reader.needles)
        elif kind == "story":
            value = _unexplained(markup, reader.story_pages[dest_uri], reader.known,
                                 reader.own_urls)
        else:
            value = safety.generated_lines(markup)
        out.append((parts, value))
    return out


@functools.lru_cache(maxsize=1)
def _fingerprint() -> str:
    """The audit's code and data: casebook's, the checker's and Python's versions (Unicode
    tables, html.unescape), the source of this module and of safety.py (what reads a
    page), and normalise.yaml (the inline tags `safety.visible_text` joins without a
    space). Any change to them is a memo miss. "" when they cannot be read."""
    h = hashlib.sha256(json.dumps([__version__, CHECKER_VERSION, sys.version]).encode())
    try:
        for source in (safety.__file__, __file__):
            h.update(Path(source).read_bytes())
        h.update(resources.files("casebook").joinpath("data", "normalise.yaml").read_bytes())
    except (OSError, TypeError):
        return ""
    return h.hexdigest()


def _audit_story_pages(site_dir: Path, story_pages: dict[str, Entry], chrome: set[str],
                       check_lines, own_urls: tuple[str, ...],
                       memo: safety.Memo | None = None,
                       digests: safety.Digests | None = None) -> list[Hit]:
    """The rendered story pages, read as a browser decodes them: visible text, attribute
    values, structured data. A line that appears in the story's own source (whitespace
    aside) was checked there, in context; a line of the site's chrome was checked above.
    Whatever else a page shows was never checked: markup, character references or a
    preprocessor produced it, so it is read now, and a finding there is a checker bug."""
    where: dict[str, list[str]] = {}
    known = _known_fields(story_pages)
    known_digest = safety.text_digest(sorted(known)) if memo else ""
    digests = digests or safety.Digests(site_dir)
    pages = [(rel, entry) for rel, entry in story_pages.items() if (site_dir / rel).is_file()]
    tasks = [(_story_page_parts(digests(rel), entry, own_urls,
                                known_digest) if memo else (),
              functools.partial(_unexplained_lines, site_dir / rel, entry, known, own_urls))
             for rel, entry in pages]
    for (rel, _), got in zip(pages, safety.readings(memo, tasks)):
        for item in got:
            line, shown = (item, item) if isinstance(item, str) else item
            if line in chrome or shown in chrome:
                continue
            safety.add_place(where, shown, rel)
    return [Hit(rel, f"{f.category} {f.text!r}, which the source check of "
                     f"{story_pages[rel].verdict.path} did not find: a checker bug, please "
                     "report it") for rel, f in safety.check_lines(where, check_lines)]


def _unexplained_lines(path: Path, entry: Entry, known: _KnownFields,
                       own_urls: tuple[str, ...]) -> list:
    return _unexplained(safety.read_output(path), entry, known, own_urls)


def _unexplained(markup: str, entry: Entry, known: _KnownFields | set[str],
                 own_urls: tuple[str, ...]) -> list:
    """Each distinct line of a story page that neither its source nor the site's published
    fields explain, as [line, line without the publication date], or as the line alone
    when it has no date (nearly all: every page's navigation, header and footer, which the
    caller drops as the chrome's; a pair for each took 4 KB a page in the memo)."""
    if not isinstance(known, _KnownFields):
        known = _KnownFields(known)
    source = " ".join(entry.story.text.split())
    plain = " ".join(_PLAIN.sub(r"\1", entry.story.text).replace("**", "").split())
    dates = _date_texts(entry)
    # The chrome's attributes (nav, header, footer) were read with the other pages: a
    # story page's own are in its <head> (sharing metadata) and its <article>.
    carried = safety.carried_text(_head_and_article(markup), own_urls)
    out, done = [], set()
    for line in [*safety.visible_text(markup).splitlines(), *carried]:
        if line in done or line in known or line in source or line in plain:
            continue
        done.add(line)
        # The publication date is metadata the site prints, not a date in the story.
        shown = line
        for d in dates:
            shown = shown.replace(d, "")
        shown = " ".join(shown.split())
        if known.explain(shown):
            continue
        out.append(line if shown == line else [line, shown])
    return out


# Markdown a reader never sees: link syntax (its text stays), emphasis and code marks.
# The lookahead lets `re` pass over every other character at once (five times as fast).
_PLAIN = re.compile(r"(?=[!\[*_`])(?:!?\[([^\]\n]*)\]\([^)\n]*\)|[*_`]+(?=\w)|(?<=\w)[*_`]+)")
# A label the templates print before a field ("Goal before: ", "Outcome: "), and the
# separators between fields on one line ("→").
_LABELLED = re.compile(r"^(?:[A-Z][a-z]+(?: [a-z]+)?:\s*)?(.*?)[\s.]*$")
_SEPARATORS = re.compile(r"\s*→\.?\s*|\.\s+(?=[A-Z][a-z]+(?: [a-z]+)?:)")


def _head_and_article(markup: str) -> str:
    head = markup[:markup.find("</head>") + 1] if "</head>" in markup else ""
    a, b = markup.find("<article"), markup.rfind("</article>")
    return head + (markup[a:b] if a >= 0 and b > a else markup)


def _known(line: str, known: set[str]) -> bool:
    """A line made only of published fields (each perhaps after a template's label)."""
    parts = [p for p in _SEPARATORS.split(line) if p.strip()]
    return bool(parts) and all(_LABELLED.match(p.strip()).group(1) in known or
                               p.strip() in known for p in parts)


def _date_texts(entry: Entry) -> list[str]:
    d = entry.story.date
    if d is None:
        return []
    return [d.isoformat(), f"{d.day} {d:%B %Y}", f"{d:%B} {d.day}, {d.year}",
            f"{d:%b} {d.day}, {d.year}", f"{d.day} {d:%b %Y}"]


def _field_texts(entry: Entry) -> set[str]:
    s = entry.story
    values = [s.title, s.summary, s.role, s.sector, s.organisation, s.participants,
              s.duration, *(s.goal or {}).values(), *s.outcomes, *s.themes]
    return {" ".join(str(v).split()) for v in values if v}
def empty_site(site_dir: Path) -> None:
    """Fail closed: remove everything in site/ (the folder itself stays)."""
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
