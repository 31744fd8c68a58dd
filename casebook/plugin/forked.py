"""Pages rendered on a second core during a build.

MkDocs renders its pages one after another in one process: at 1,000 stories that is most of
a cold build (Markdown, the story template, the search plugin's reading of each page), with
the other core left to the audit's prereader. Here a forked process renders a share of the
pages outside the nav (the stories, listings, theme pages), Markdown and template both,
while MkDocs renders the rest, and hands each page over in the form the page store keeps
(`reuse.Saved`: the output, the search index entries, the table of contents, the anchors,
the files the page refers to). MkDocs then takes a handed-over page as one given back from
the last build (`reuse.PageReuse.promise`): an empty page to convert, an empty template,
and a file already written.

Why a page rendered there is the page MkDocs would have rendered here:
- The fork happens in `on_nav`: the files, the nav, every verdict, listing and related
  story are final, and no page has been read yet. The child runs MkDocs' own page steps
  (`_populate_page`, `_build_page`) with the same plugins and configuration, on a copy of
  the same objects. It renders the nav's pages too (unwritten), so that their titles are
  what every page's nav shows.
- Only in a build: `mkdocs serve` runs a server's threads, and a process must not fork
  while another thread may hold a lock. Only with the plugins and Markdown extensions whose
  output for a page depends on that page and on what every process holds
  (`reuse.KNOWN_PLUGINS`, `reuse.KNOWN_EXTENSIONS`), and only for pages outside the nav
  (a nav page's title shows on every page).
- The child writes its pages' files, with MkDocs' own write, before handing each over: a
  folder and a file created cost this process, which writes every other file, more than
  taking the page (on a busy disk, half a millisecond a page). Only the pages promised to
  it, none withheld (a withheld story is not in the files at all); the publish audit reads
  every file as always.
- What the child logs is sent with each page and logged here when the page is taken, so a
  warning shows, and counts for `--strict`, as if this process had logged it.
- A page the child cannot render stops the build with the child's error; a child that stops
  without a word stops the build too. The files it wrote for pages the build had not taken
  yet are removed: nothing it half-rendered stays.
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import tempfile
from typing import Any

from mkdocs.exceptions import PluginError

# Below this many pages to render, a second process costs more than it saves (the
# fork, and compiling the templates there too).
THRESHOLD = 100


def shares(uris: list[str], jobs: int) -> list[list[str]]:
    """The pages each forked process renders: every `jobs`-th page from the second on (this
    process keeps the first of each round). Interleaved rather than cut in blocks: this
    process writes the pages in order, and each child then hands over pages in about the
    order they are wanted. Equal shares: at 1,000 stories on two cores this process, which
    also writes every page, barely waited for the child (0.03 s); a lighter share for it
    (0.8, 0.6 of the child's) made it wait 0.16 s and 0.35 s and the build no faster
    (the audit's prereader shares the cores)."""
    return [uris[i::jobs] for i in range(1, jobs)]


def jobs_for(requested: int) -> int:
    """How many processes may render: the option, at most one per core; 1 where processes
    cannot be forked."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(requested, os.cpu_count() or 1))


class Handover:
    """The rendering child as the build sees it: the pages it renders, taken in order."""

    def __init__(self, pid: int, ready: int, records, uris: list[str],
                 dests: dict[str, str] | None = None):
        self.pid = pid
        self.uris = list(uris)
        self._dests = dict(dests or {})   # uri -> the file the child writes for it
        self._ready = ready          # one byte per record the child has finished writing
        self._records = records      # the records, each its length then its pickle
        self._offset = 0
        self._finished = 0           # records the child says are complete
        self._taken = 0              # records read here
        self._pages: dict[str, Any] = {}
        self._referenced: set[str] | None = None
        self._closed = False

    def referenced(self) -> set[str]:
        """The site paths the child's pages refer to (the assets they use): known once it has
        converted every page's Markdown, before it renders any template."""
        if self._referenced is None:
            kind, value, logs = self._next()
            _relog(logs)
            if kind == "error":
                self._fail(value)
            self._referenced = set(value)
        return self._referenced

    def saved(self, uri: str):
        """The page `uri` as the child rendered it (a `reuse.Saved`), waiting for it."""
        self.referenced()
        while uri not in self._pages:
            kind, value, logs = self._next()
            _relog(logs)
            if kind == "error":
                self._fail(value)
            page_uri, saved = value
            self._pages[page_uri] = saved
        self._dests.pop(uri, None)        # taken: the build keeps its file
        return self._pages.pop(uri)

    def finish(self) -> None:
        """Every page is taken: wait for the child to exit."""
        self._close(kill=False)

    def abandon(self) -> None:
        """The build failed: stop the child, and remove the files it wrote for pages this
        process did not take (a page is in site/ only once the build has taken it)."""
        self._close(kill=True)
        dests, self._dests = self._dests, {}
        for path in dests.values():
            try:
                os.unlink(path)
            except OSError:
                pass

    # ------------------------------------------------------------------ the records
    def _next(self) -> tuple:
        while self._taken >= self._finished:
            try:
                data = os.read(self._ready, 4096)
            except OSError:
                data = b""
            if not data:
                self._fail("it stopped before handing over every page")
            self._finished += len(data)
        length = int.from_bytes(self._read(8), "little")
        record = pickle.loads(self._read(length))
        self._taken += 1
        return record

    def _read(self, n: int) -> bytes:
        parts, fd = [], self._records.fileno()
        while n:
            chunk = os.pread(fd, n, self._offset)
            if not chunk:
                self._fail("its pages' records were cut short")
            parts.append(chunk)
            self._offset += len(chunk)
            n -= len(chunk)
        return b"".join(parts)

    def _fail(self, why: str):
        self.abandon()
        raise PluginError(f"casebook: the process rendering story pages beside this one "
                          f"failed: {why}. Build again; with `render_jobs: 1` every page is "
                          "rendered in one process.")

    def _close(self, *, kill: bool) -> None:
        if self._closed:
            return
        self._closed = True
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        try:
            os.close(self._ready)
        except OSError:
            pass
        self._records.close()


def start(render, uris: list[str], dests: dict[str, str] | None = None) -> Handover | None:
    """Fork a child that calls `render(send, uris)` and exits; None when it cannot be
    forked. `send(record)` hands a record over (see `Handover`). `dests`: the file the child
    writes for each page, removed should the build fail before taking the page."""
    try:
        ready, ready_w = os.pipe()
        records = tempfile.TemporaryFile(prefix="casebook-pages-")
    except OSError:
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(ready)
        os.close(ready_w)
        records.close()
        return None
    if pid == 0:                                        # the child
        code = 1
        try:
            os.close(ready)
            render(_Sender(records.fileno(), ready_w), uris)
            code = 0
        except BaseException:                           # noqa: B902 (the child must exit)
            pass
        finally:
            os._exit(code)
    os.close(ready_w)
    return Handover(pid, ready, records, uris, dests)


class _Sender:
    """In the child: writes each record to the shared file, then says so on the pipe."""

    def __init__(self, fd: int, ready: int):
        self.fd, self.ready = fd, ready

    def __call__(self, record: tuple) -> None:
        data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(8, "little") + data)
        while view:
            view = view[os.write(self.fd, view):]
        os.write(self.ready, b".")


class Collector(logging.Handler):
    """In the child: every log record, kept to be sent with the page it was logged for."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        # A record that propagates meets this handler once on each logger it passes.
        if record is self._last:
            return
        self._last = record
        try:
            message = record.getMessage()
        except Exception:                               # noqa: BLE001 (a bad format string)
            message = str(record.msg)
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        self.records.append((record.name, record.levelno, message))

    def take(self) -> list[tuple[str, int, str]]:
        records, self.records = self.records, []
        return records


def collect_logs() -> Collector:
    """In the child: every logger that prints (the root's and MkDocs' own handlers) hands
    its records to one collector instead."""
    collector = Collector()
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values()
        if isinstance(lg, logging.Logger) and lg.handlers]
    for lg in loggers:
        lg.handlers = [collector]
    return collector


def _relog(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logger = logging.getLogger(name)
        logger.handle(logger.makeRecord(name, level, "(rendered beside)", 0, message,
                                        None, None))
