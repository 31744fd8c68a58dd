"""`mkdocs serve`: rebuild only what an edit changes.

MkDocs rebuilds every page on every save (without `--dirty`), so at 1,000 stories a coach
waits seconds to see a changed sentence. Most saves change one story's text, and a story's
text shows on its own page only: listings, theme pages, related cards, the home page and
the explorer show its front-matter fields, and every page shows the preview banner's count.
So a rebuild is split in two questions:

- The site's *signature*: everything that more than one page shows (every story's URL,
  front-matter text and verdict, which stories are withheld, the plugin's options,
  mkdocs.yml, the theme's templates, the set of files). When it changes, every page is
  built afresh, so a story that becomes withheld leaves every page at once.
- A page's *key*: what only that page shows (a story's whole source and its verdict, a
  listing's spec). While the signature holds, a page whose key is unchanged is served from
  the last build: its output, its search index entries and its table of contents are kept
  in memory, and MkDocs is given an empty page to convert and an empty template to render.

Only a preview does this (never `mkdocs build`, whose output is audited afresh), and only
with plugins whose page output the signature covers (the search plugin and casebook):
any other plugin might show something of another page, so with one present every page is
rebuilt.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import zlib
from dataclasses import dataclass
from typing import Any, Iterable

import jinja2

# An empty template: a reused page's output comes from the last build, not from rendering.
TEMPLATE = "casebook-reused.html"
# Plugins whose output for a page depends only on that page and on what the signature holds.
KNOWN_PLUGINS = frozenset({"search", "material/search", "casebook"})


@dataclass
class _Saved:
    key: str
    meta: dict
    title: str | None
    toc: Any
    content: str
    output: bytes                  # zlib-compressed: a few MB per thousand pages
    search: list                   # the search plugin's index entries for the page


class PageReuse:
    """Pages kept from the previous `mkdocs serve` build, valid while the signature holds."""

    def __init__(self) -> None:
        self.signature: str | None = None
        self._saved: dict[str, _Saved] = {}
        self._keys: dict[str, str] = {}     # src_uri -> this build's key
        self._reused: dict[str, _Saved] = {}
        self._search_start: dict[str, int] = {}
        self.reused_count = 0
        self.kept: Kept | None = None

    # ------------------------------------------------------------ per build
    def begin(self, signature: Iterable, keys: dict[str, Iterable], enabled: bool) -> bool:
        """Start a build. Returns True when the signature changed since the last build (then
        nothing is reused)."""
        sig = _digest(signature)
        changed = sig != self.signature
        self.signature = sig
        if changed or not enabled:
            self._saved.clear()
        self._keys = {uri: _digest(k) for uri, k in keys.items()} if enabled else {}
        self._reused = {}
        self._search_start = {}
        self.reused_count = 0
        return changed

    def take(self, src_uri: str) -> _Saved | None:
        """The last build's page for `src_uri`, when its key is unchanged."""
        key = self._keys.get(src_uri)
        saved = self._saved.get(src_uri)
        if key is None or saved is None or saved.key != key:
            return None
        self._reused[src_uri] = saved
        self.reused_count += 1
        return saved

    def reused(self, src_uri: str) -> _Saved | None:
        return self._reused.get(src_uri)

    # ------------------------------------------------------------ the page events
    def read_meta(self, page, saved: _Saved) -> str:
        """on_page_markdown for a reused page: the last build's metadata; nothing to convert;
        no template to render; nothing for the search plugin to parse (its entries are
        given back in `context`)."""
        page.meta = {**saved.meta, "template": TEMPLATE, "search": {"exclude": True}}
        return ""

    def content(self, page, saved: _Saved) -> str:
        page.toc = saved.toc
        if saved.title is not None:
            page.title = saved.title
        return saved.content

    def before_context(self, page, index: list | None) -> None:
        """on_page_context, before the search plugin's: where this page's entries start."""
        if index is None:
            return
        saved = self._reused.get(page.file.src_uri)
        if saved is not None:
            index.extend(saved.search)
        elif page.file.src_uri in self._keys:
            self._search_start[page.file.src_uri] = len(index)

    def output(self, page, output: str, index: list | None) -> str:
        """on_post_page, after every other plugin: a reused page's output, or keep this one.
        A reused page whose file is put back from the last build returns no output, so that
        MkDocs does not write it again (see `Kept`)."""
        uri = page.file.src_uri
        saved = self._reused.get(uri)
        if saved is not None:
            if self.kept is not None and self.kept.restore(page.file.dest_uri):
                return ""
            return zlib.decompress(saved.output).decode("utf-8")
        key = self._keys.get(uri)
        if key is not None:
            start = self._search_start.get(uri)
            entries = list(index[start:]) if index is not None and start is not None else []
            self._saved[uri] = _Saved(key, dict(page.meta), page.title, page.toc,
                                      page.content or "",
                                      zlib.compress(output.encode("utf-8"), 1), entries)
        return output


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
    from the last build is not skipped, so its line is not shown."""

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


def _digest(parts: Iterable) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()
