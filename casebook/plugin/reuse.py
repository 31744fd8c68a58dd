"""Rebuild only what changed: `mkdocs serve` after an edit, and a build after the last one.

MkDocs renders every page on every build, so at 1,000 stories a coach waits seconds to see
a changed sentence, and a build whose stories are all checked already still costs twice a
bare one. Most changes touch one story's text, and a story's text shows on its own page
only: listings, theme pages, related cards, the home page and the explorer show its
front-matter fields, and every page shows the preview banner's count. So a build is split
in two questions:

- The site's *signature*: everything that more than one page shows (every story's URL,
  front-matter text and verdict, which stories are withheld, the plugin's options,
  mkdocs.yml, the theme's templates, the set of files; for a build also the whole resolved
  configuration, the versions of every package that renders a page and casebook's own code
  and data). When it changes, every page is built afresh, so a story that becomes withheld
  leaves every page at once.
- A page's *key*: what only that page shows (a story's whole source and its verdict, a
  listing's spec). While the signature holds, a page whose key is unchanged is given back
  from the last build: its output, its search index entries, its table of contents and
  anchors, and the site files it refers to. MkDocs is given an empty page, no Markdown to
  convert and an empty template to render.

A preview keeps the last build in memory (`MemoryPages`); a build keeps it in the cache
folder (`DiskPages`, one SQLite file), written only once the post-build audit has passed.
The audit still reads every output file, reused or not: what is published is judged as
written, never by where it came from. Only with plugins whose page output the signature
covers (the search plugin and casebook): any other plugin might show something of another
page, so with one present every page is rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import metadata
from pathlib import Path
from typing import Iterable

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import get_toc

# An empty template: a reused page's output comes from the last build, not from rendering.
TEMPLATE = "casebook-reused.html"
# Plugins whose output for a page depends only on that page and on what the signature holds.
KNOWN_PLUGINS = frozenset({"search", "material/search", "casebook"})
# Markdown extensions whose output for a page depends only on its source and their
# configuration (which the signature holds). Not pymdownx.snippets: it pulls other files
# into a page, so a page could change while its source did not.
KNOWN_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "footnotes",
    "def_list", "abbr", "sane_lists", "smarty", "codehilite", "nl2br", "meta", "extra",
    "legacy_attrs", "legacy_em", "wikilinks",
    *(f"markdown.extensions.{n}" for n in (
        "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
        "footnotes", "def_list", "abbr", "sane_lists", "smarty", "codehilite", "nl2br",
        "meta", "extra", "legacy_attrs", "legacy_em", "wikilinks")),
    *(f"pymdownx.{n}" for n in (
        "arithmatex", "betterem", "caret", "critic", "details", "emoji", "escapeall",
        "highlight", "inlinehilite", "keys", "magiclink", "mark", "saneheaders",
        "smartsymbols", "superfences", "tabbed", "tasklist", "tilde", "blocks.admonition",
        "blocks.details", "blocks.tab", "blocks.html", "blocks.definition")),
})
# What renders a page besides casebook: a new version of any may change every page.
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions",
                      "Jinja2", "MarkupSafe", "Pygments", "PyYAML", "casebook")
# Bumped whenever what is stored for a page changes shape.
STORE_FORMAT = 1


@dataclass
class Saved:
    """One page as the last build left it."""

    key: str
    meta: dict
    title: str | None
    toc: list                      # the page's table of contents, as Markdown's toc tokens
    anchors: list[str]             # the anchor ids the page has (MkDocs validates links)
    links: dict | None             # target src_uri -> {anchor: link} (MkDocs' validation)
    referenced: list[str]          # site paths the page's content refers to (assets used)
    search: list                   # the search plugin's index entries for the page
    output: bytes = field(repr=False, default=b"")   # zlib-compressed

    def record(self) -> str:
        """Everything but the output, as JSON (key order kept: the search index is written
        as is). Worked out once: a page rendered in another process comes with it."""
        record = self.__dict__.get("_record")
        if record is None:
            # The fields as they are, not copied as `asdict` would (a tenth of a second at
            # 1,000 pages): JSON copies them anyway.
            record = self.__dict__["_record"] = json.dumps(
                {f.name: getattr(self, f.name) for f in fields(self) if f.name != "output"})
        return record

    @classmethod
    def from_record(cls, record: str, output: bytes) -> "Saved":
        return cls(**json.loads(record), output=output)


class MemoryPages:
    """The last build's pages in memory: a preview's, kept across its rebuilds."""

    def __init__(self) -> None:
        self.signature: str | None = None
        self._pages: dict[str, Saved] = {}

    def open(self, signature: str) -> bool:
        changed = signature != self.signature
        self.signature = signature
        if changed:
            self._pages.clear()
        return changed

    def get(self, uri: str) -> Saved | None:
        return self._pages.get(uri)

    def has(self, uri: str, key: str) -> bool:
        saved = self._pages.get(uri)
        return saved is not None and saved.key == key

    def put(self, uri: str, saved: Saved) -> None:
        self._pages[uri] = saved

    def finish(self, uris: set[str]) -> None:
        for uri in [u for u in self._pages if u not in uris]:
            del self._pages[uri]

    def pause(self) -> None:
        pass

    def abandon(self) -> None:
        self.signature = None
        self._pages.clear()


class DiskPages:
    """The last build's pages in one SQLite file in the cache folder. They count for the
    next build only once this one has ended well (`finish`, after the audit): until then the
    file's signature is blank, which matches no build. A file that cannot be opened or read
    is started afresh, and a store that cannot be written makes a build slower, never
    different."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._signature = ""

    def open(self, signature: str) -> bool:
        for attempt in range(2):
            try:
                return self._open(signature)
            except sqlite3.OperationalError:
                # Locked by another build (or unwritable): this one keeps nothing, and the
                # other's file is left alone.
                self._close()
                self._signature = ""
                return True
            except sqlite3.Error:
                self._close()
                if attempt == 0:
                    self.path.unlink(missing_ok=True)
        self._db = None
        self._signature = ""
        return True

    def _open(self, signature: str) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._signature = signature
        db = self._db = sqlite3.connect(self.path, timeout=2)
        db.execute("CREATE TABLE IF NOT EXISTS site (signature TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS pages "
                   "(uri TEXT PRIMARY KEY, key TEXT, record TEXT, output BLOB)")
        row = db.execute("SELECT signature FROM site").fetchone()
        changed = row is None or row[0] != signature
        if changed:
            db.execute("DELETE FROM pages")
        db.execute("DELETE FROM site")
        db.execute("INSERT INTO site VALUES ('')")
        return changed

    def pause(self) -> None:
        """Write what this build kept so far (under a blank signature) and close the file:
        the post-build audit forks workers, which must not inherit an open database."""
        if self._db is None:
            return
        try:
            self._db.commit()
        except sqlite3.Error:
            self.abandon()
        self._close()

    def get(self, uri: str) -> Saved | None:
        """The page without its output, which `output_of` reads when MkDocs writes the
        page: at 10,000 pages, holding every output from the first page read to the last
        written cost 60 MB."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT key, record FROM pages WHERE uri = ?",
                                   (uri,)).fetchone()
            if row is None:
                return None
            saved = Saved.from_record(row[1], b"")
        except (sqlite3.Error, ValueError, TypeError):
            return None
        return saved if saved.key == row[0] else None

    def has(self, uri: str, key: str) -> bool:
        """Whether the store has the page under this key (its record is not read)."""
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM pages WHERE uri = ? AND key = ?",
                                    (uri, key)).fetchone() is not None
        except sqlite3.Error:
            return False

    def output_of(self, uri: str, key: str) -> bytes | None:
        """The stored output of the page `get` gave (same uri and key), or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT output FROM pages WHERE uri = ? AND key = ?",
                                   (uri, key)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def put(self, uri: str, saved: Saved) -> None:
        if self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                             (uri, saved.key, saved.record(), saved.output))
        except (sqlite3.Error, TypeError, ValueError):
            self.abandon()

    def finish(self, uris: set[str]) -> None:
        if not self._signature:
            return
        try:
            if self._db is None:
                self._db = sqlite3.connect(self.path, timeout=2)
            stale = [(u,) for (u,) in self._db.execute("SELECT uri FROM pages")
                     if u not in uris]
            self._db.executemany("DELETE FROM pages WHERE uri = ?", stale)
            self._db.execute("UPDATE site SET signature = ?", (self._signature,))
            self._db.commit()
        except sqlite3.Error:
            self.abandon()
        self._close()

    def abandon(self) -> None:
        self._signature = ""
        if self._db is not None:
            try:
                self._db.rollback()
            except sqlite3.Error:
                pass
        self._close()

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None


class Outbox:
    """In a process that renders pages for another (casebook.plugin.forked): nothing to give
    back, and each page rendered kept until it is handed over."""

    def __init__(self) -> None:
        self._pages: dict[str, Saved] = {}

    def get(self, uri: str) -> Saved | None:
        return None

    def has(self, uri: str, key: str) -> bool:
        return False

    def put(self, uri: str, saved: Saved) -> None:
        saved.record()          # worked out here, not in the process that stores it
        self._pages[uri] = saved

    def take(self, uri: str) -> Saved | None:
        return self._pages.pop(uri, None)

    def pause(self) -> None:
        pass

    def finish(self, uris: set[str]) -> None:
        pass

    def abandon(self) -> None:
        pass


class PageReuse:
    """Pages kept from the previous build, valid while the signature holds."""

    def __init__(self) -> None:
        self.store: MemoryPages | DiskPages | None = None
        self._keys: dict[str, str] = {}     # src_uri -> this build's key
        self._reused: dict[str, Saved] = {}
        self._refs: dict[str, set[str]] = {}
        self._search_start: dict[str, int] = {}
        self.reused_count = 0
        self.kept: Kept | None = None
        self.changed = True                 # the signature changed since the last build
        # Pages rendered by another process (casebook.plugin.forked): src_uri -> its
        # handover, until the page is taken; then `_fresh` (rendered this build, not
        # given back from the last one).
        self._promised: dict[str, object] = {}
        self._fresh: set[str] = set()
        self._files = None

    # ------------------------------------------------------------ per build
    def begin(self, signature: Iterable, keys: dict[str, Iterable],
              store: MemoryPages | DiskPages | None) -> bool:
        """Start a build that keeps its pages in `store` (None: nothing is kept or reused).
        Returns True when the signature changed since the last build (then nothing is
        reused)."""
        self.store = store
        self._reused, self._refs, self._search_start = {}, {}, {}
        self._promised, self._fresh = {}, set()
        self.reused_count = 0
        # The keys are computed even with no store: a page rendered in another process is
        # handed over in the form a store keeps (see `promise`).
        self._keys = {uri: _digest(k) for uri, k in keys.items()}
        self.changed = True if store is None else store.open(_digest(signature))
        return self.changed

    def would_reuse(self, src_uri: str) -> bool:
        """Whether `take` would give this page back (read cheaply, before any page is)."""
        key = self._keys.get(src_uri)
        if key is None or self.store is None or self.changed:
            return False
        return self.store.has(src_uri, key)

    def promise(self, uris: Iterable[str], handover, files) -> None:
        """The pages `uris` are rendered by another process: `handover.saved(uri)` gives
        each, in the form a store keeps, when MkDocs comes to render it."""
        self._files = files
        for uri in uris:
            self._promised[uri] = handover

    def promised(self, src_uri: str) -> bool:
        return src_uri in self._promised

    def await_page(self, page) -> str:
        """on_page_markdown for a page rendered elsewhere: as for a reused page, nothing to
        convert and an empty template to render; its metadata, table of contents, anchors
        and output come with the page (`before_context`)."""
        page.meta = _given_back_meta({})

        def render(config, files):
            page.content, page.toc, page.present_anchor_ids = "", EMPTY_TOC, set()
        page.render = render
        return ""

    def written_beside(self, src_uri: str) -> bool:
        """Whether the page was rendered, and its file written, by another process."""
        return src_uri in self._fresh

    def from_last_build(self, src_uri: str) -> bool:
        """Whether the page was given back from the last build (and so read by its audit),
        rather than rendered in this one."""
        return src_uri in self._reused and src_uri not in self._fresh

    def pause(self) -> None:
        """The pages are built; the audit is to come."""
        if self.store is not None:
            self.store.pause()

    def finish(self) -> None:
        """The build ended well: keep its pages for the next one."""
        if self.store is not None:
            self.store.finish(set(self._keys))

    def abandon(self) -> None:
        """The build failed: the next one starts afresh."""
        if self.store is not None:
            self.store.abandon()

    def take(self, src_uri: str) -> Saved | None:
        """The last build's page for `src_uri`, when its key is unchanged."""
        key = self._keys.get(src_uri)
        if key is None or self.store is None:
            return None
        saved = self.store.get(src_uri)
        if saved is None or saved.key != key:
            return None
        self._reused[src_uri] = saved
        self.reused_count += 1
        return saved

    def reused(self, src_uri: str) -> Saved | None:
        return self._reused.get(src_uri)

    # ------------------------------------------------------------ the page events
    def read_meta(self, page, saved: Saved) -> str:
        """on_page_markdown for a reused page: the last build's metadata; nothing to convert
        (MkDocs' render is replaced by what the last one left); no template to render;
        nothing for the search plugin to parse (its entries are given back in
        `before_context`)."""
        page.meta = _given_back_meta(saved.meta)
        # Creating Markdown's converter costs about a millisecond a page, more than the
        # rest of a reused page: the instance's render gives back the last build's instead.
        page.render = lambda config, files: _restore_render(page, saved, files)
        return ""

    def content(self, page, saved: Saved) -> str:
        if saved.title is not None:
            page.title = saved.title
        return ""

    def referenced(self, src_uri: str) -> set[str]:
        saved = self._reused.get(src_uri)
        return set(saved.referenced) if saved is not None else set()

    def note_referenced(self, src_uri: str, paths: set[str]) -> None:
        if src_uri in self._keys:
            self._refs[src_uri] = paths

    def before_context(self, page, index: list | None) -> None:
        """on_page_context, before the search plugin's: where this page's entries start."""
        handover = self._promised.pop(page.file.src_uri, None)
        if handover is not None:
            self._receive(page, handover.saved(page.file.src_uri))
        if index is None:
            return
        saved = self._reused.get(page.file.src_uri)
        if saved is not None:
            index.extend(saved.search)
        elif page.file.src_uri in self._keys:
            self._search_start[page.file.src_uri] = len(index)

    def _receive(self, page, saved: Saved) -> None:
        """A page rendered in another process, taken as one given back from a build: its
        metadata, title, table of contents, anchors and links (validated after the last
        page), its search entries (`before_context`) and its output (`output`)."""
        uri = page.file.src_uri
        self._reused[uri] = saved
        self._fresh.add(uri)
        page.meta = _given_back_meta(saved.meta)
        _restore_render(page, saved, self._files)
        self.content(page, saved)

    def output(self, page, output: str, index: list | None) -> str:
        """on_post_page, after every other plugin: a reused page's output, or keep this one.
        A reused page whose file is put back from the last build returns no output, so that
        MkDocs does not write it again (see `Kept`)."""
        uri = page.file.src_uri
        saved = self._reused.get(uri)
        if saved is not None and uri in self._fresh:
            if self.store is not None:
                self.store.put(uri, saved)
            # Kept now: not held to the end of the build (at 10,000 stories, 40 MB). The
            # process that rendered the page wrote its file: MkDocs writes no empty output.
            self._reused[uri] = replace(saved, output=b"")
            return ""
        if saved is not None:
            if self.kept is not None and self.kept.restore(page.file.dest_uri):
                return ""
            if isinstance(self.store, DiskPages):
                # Read from disk now, for this page only (see DiskPages.get).
                output = self.store.output_of(uri, saved.key)
                if output is None:
                    # MkDocs rendered an empty page in its place: nothing to write.
                    raise PluginError(f"casebook: the page store lost {uri}'s page during "
                                      "the build; build again")
                return zlib.decompress(output).decode("utf-8")
            return zlib.decompress(saved.output).decode("utf-8")
        key = self._keys.get(uri)
        if key is not None and self.store is not None:
            start = self._search_start.get(uri)
            entries = list(index[start:]) if index is not None and start is not None else []
            links = page.links_to_anchors
            self.store.put(uri, Saved(
                key, dict(page.meta), page.title, _toc_tokens(page.toc or []),
                sorted(page.present_anchor_ids or ()),
                None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
                sorted(self._refs.get(uri, ())), entries,
                zlib.compress(output.encode("utf-8"), 1)))
        return output


def _given_back_meta(meta: dict) -> dict:
    """A page whose output is given back (from the last build or another process): its
    metadata, the empty template, and nothing for the search plugin to parse."""
    return {**meta, "template": TEMPLATE, "search": {"exclude": True}}


# A released page's table of contents (see CasebookPlugin._release).
EMPTY_TOC = get_toc([])


def _restore_render(page, saved: Saved, files) -> None:
    """What `Page.render` would have set, from the last build."""
    page.content = ""
    page.toc = get_toc(saved.toc)
    page.present_anchor_ids = set(saved.anchors)
    if saved.links is not None:
        targets = ((files.get_file_from_path(uri), a) for uri, a in saved.links.items())
        page.links_to_anchors = {f: dict(a) for f, a in targets if f is not None}


def _toc_tokens(toc) -> list:
    return [{"name": a.title, "id": a.id, "level": a.level,
             "children": _toc_tokens(a.children)} for a in toc]


def environment(config) -> Iterable:
    """What a build's pages depend on besides the site's files: the resolved configuration
    (environment variables and inherited files included), the version of every package that
    renders a page, Python's, and casebook's own code, data and templates. An object that
    cannot be put in plain terms is written as its repr, which at worst misses."""
    yield STORE_FORMAT, sys.version
    for name in RENDERING_PACKAGES:
        try:
            yield name, metadata.version(name)
        except metadata.PackageNotFoundError:
            yield name, None
    yield _package_digest()
    for key in sorted(config.keys()):
        value = config[key]
        if key == "plugins":
            yield key, [(name, _plain(dict(getattr(p, "config", {}) or {})))
                        for name, p in value.items()]
        elif key == "theme":
            yield key, getattr(value, "name", None), _plain(dict(value)), \
                list(getattr(value, "dirs", []))
        else:
            yield key, _plain(value)


def _package_digest() -> str:
    """Every file of the casebook package (code, data, templates it ships)."""
    h = hashlib.blake2b(digest_size=20)
    root = Path(__file__).resolve().parent.parent
    for folder, dirs, names in sorted(os.walk(root)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            h.update(os.path.relpath(path, root).encode())
            try:
                with open(path, "rb") as f:
                    h.update(f.read())
            except OSError:
                h.update(b"?")
    return h.hexdigest()


def _plain(value, depth: int = 0):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, Mapping):
        return [(str(k), _plain(v, depth)) for k, v in
                sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v, depth) for v in value), key=repr)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if depth < 4 and hasattr(value, "__dict__"):
        return [type(value).__qualname__, _plain(vars(value), depth + 1)]
    return repr(value)


class Kept:
    """The last build's output, moved aside before MkDocs empties site_dir, so that a reused
    page's file is put back with one rename instead of written again (on a busy disk,
    creating a thousand folders and files costs more than the rest of a rebuild).

    The folder is a sibling of site_dir, never inside it: the preview server must not serve
    an old page. A top-level folder is put back whole when this build has not created it
    yet; otherwise the one file is moved. While the signature holds, this build writes the
    same set of files as the last one, so a folder put back whole holds nothing this build
    would not write again. Whatever is left is deleted after the build."""

    def __init__(self, site_dir: str) -> None:
        self.site_dir = os.path.abspath(site_dir)
        self.folder = self.site_dir.rstrip(os.sep) + ".casebook-previous"
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        for name in os.listdir(self.site_dir):
            if not name.startswith("."):          # MkDocs keeps hidden entries too
                os.rename(os.path.join(self.site_dir, name), os.path.join(self.folder, name))

    def restore(self, dest_uri: str) -> bool:
        top = dest_uri.split("/", 1)[0]
        site_top, kept_top = os.path.join(self.site_dir, top), os.path.join(self.folder, top)
        target = os.path.join(self.site_dir, dest_uri)
        try:
            if "/" in dest_uri and not os.path.lexists(site_top) and os.path.isdir(kept_top):
                os.rename(kept_top, site_top)
            elif not os.path.isfile(target):
                source = os.path.join(self.folder, dest_uri)
                if not os.path.isfile(source):
                    return False
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.rename(source, target)
        except OSError:
            return False
        return os.path.isfile(target)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class QuietSkips(logging.Filter):
    """MkDocs reports every page that returned no output ("Page skipped"); a page put back
    from the last build, or written by the process that rendered it, is not skipped, so
    its line is not shown."""

    def __init__(self, reuse: PageReuse) -> None:
        super().__init__()
        self.reuse = reuse

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '"):
            uri = message[len("Page skipped: '"):].split("'", 1)[0]
            return self.reuse.reused(uri) is None
        return True


def search_entries(plugins) -> list | None:
    """The search plugin's list of index entries (mkdocs-material's or MkDocs' own), or None
    when there is no search plugin or it is not shaped as expected."""
    for name in ("material/search", "search"):
        plugin = plugins.get(name) if hasattr(plugins, "get") else None
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None) if index is not None else None
        if isinstance(entries, list):
            return entries
    return None


def loader(env: jinja2.Environment) -> jinja2.BaseLoader:
    """The theme's loader plus the empty template reused pages render."""
    return jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: ""}), env.loader])


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept across `mkdocs serve` rebuilds (MkDocs makes a new Jinja
    environment for every build, which would compile every template again). Jinja checks
    each template's source checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class FolderBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in folders (the project's cache folder, the per-user store):
    read from the first that has a template compiled from its present source, written to
    each. A folder that cannot be made, read or written is only slower, never an error.
    Jinja's own FileSystemBytecodeCache does the reading and writing (a temporary file
    renamed over the old one; the source's checksum and Python's version checked).

    Jinja keys a compiled template by its name, file and source only, but what it compiles
    to depends on the environment too (autoescape, extensions, delimiters): each
    environment's templates go in a subfolder of their own (`environment_signature`), so
    that no project, and no plugin that adds an extension, runs code compiled for another."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self._folders = [Path(f) for f in folders]
        self._caches: dict[str, list[jinja2.FileSystemBytecodeCache]] = {}

    def _for(self, env: jinja2.Environment) -> list[jinja2.FileSystemBytecodeCache]:
        signature = environment_signature(env)
        caches = self._caches.get(signature)
        if caches is None:
            caches = self._caches[signature] = []
            for folder in self._folders:
                try:
                    (folder / signature).mkdir(parents=True, exist_ok=True)
                except OSError:
                    continue
                caches.append(jinja2.FileSystemBytecodeCache(str(folder / signature)))
        return caches

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        for cache in self._for(bucket.environment):
            try:
                cache.load_bytecode(bucket)
            except OSError:
                continue
            if bucket.code is not None:
                return

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        for cache in self._for(bucket.environment):
            try:
                cache.dump_bytecode(bucket)
            except OSError:
                continue


def environment_signature(env: jinja2.Environment) -> str:
    """A digest of what a Jinja environment compiles templates with: Jinja's version, the
    syntax, whitespace and newline options, autoescape, finalize, extensions, async."""
    def named(value):
        if not callable(value):
            return repr(value)
        # A function made by a factory (jinja2.select_autoescape) is told apart by what
        # it closes over (the suffixes it escapes).
        try:
            cells = [repr(c.cell_contents) for c in getattr(value, "__closure__", None) or ()]
        except ValueError:      # an empty cell
            cells = ["?"]
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}" \
            f"{cells}"
    return _digest([jinja2.__version__, env.block_start_string, env.block_end_string,
                    env.variable_start_string, env.variable_end_string,
                    env.comment_start_string, env.comment_end_string,
                    env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                    env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                    env.optimized, env.is_async, named(env.autoescape), named(env.finalize),
                    sorted(env.extensions)])[:16]


def _digest(parts: Iterable) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()
