"""The checker's result cache: one object owning memory, disk and its lock.

A result is keyed by sha256 of (checker version, config fingerprint, story text): the text
alone decides the findings, so a renamed story is still a hit (the path is put back on the
way out). On disk each entry carries its key and a checksum of its payload; an entry that
was edited, truncated or written by another checker version is a miss, never a verdict.
The site layer decides where the folder may be (never inside docs_dir).

The entries are rows of one SQLite table (`results.sqlite`, Python's own sqlite3), not a
file each: a cold build at 1,000 stories created a thousand files and their folders, each
costing up to a millisecond of a busy disk, on the way to its first page. Inside a batch
(`batch`) the new entries are written in one transaction when it ends. Each process opens
its own connection: a forked worker never uses the one it inherited.

Beside the results, memo tables (`memo`): answers the checker derives from its gazetteers
that are not part of a story's text (is this word of a file name a first name?), so that a
cached story never needs the gazetteers loaded, and the publish audit's readings of the
built files. Each table is one file, with a checksum, written when a batch ends (`batch`,
`flush`).

A memo table may be large (the audit's holds the lines of every built page: tens of MB of
JSON at 10,000 stories) and most of its strings repeat (every page's navigation, header and
footer). So a table is read and written one entry a line, never as one string, and each
string equal to one the table already holds is kept once (`_shared`): in memory it takes
about a third of its size on disk instead of four times it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Callable

from ..schema import Problem
from .finding import Finding

Result = tuple[list[Finding], list[Problem]]


def _checksum(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class ResultCache:
    """Findings and checker problems per key; in memory always, on disk when `directory`."""

    MEMORY_MAX = 20_000

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory) if directory else None
        self._memory: dict[str, Result] = {}
        self._lock = threading.Lock()
        self._memos: dict[str, dict[str, object]] = {}   # namespace -> key -> value
        self._strings: dict[str, dict[str, str]] = {}    # namespace -> its strings, once
        self._dirty: set[str] = set()
        self._batch = 0
        self._derived: dict[tuple, object] = {}          # this process only: see `derived`
        self._db: sqlite3.Connection | None = None
        self._db_pid = 0                                 # the process that opened it
        self._unwritten: dict[str, str] = {}             # key -> entry, until the batch ends

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._memory

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()
            self._memos.clear()
            self._strings.clear()
            self._dirty.clear()
            self._derived.clear()

    def get(self, key: str, path: str) -> Result | None:
        """The cached result for `key` with `path` on its findings, or None."""
        with self._lock:
            hit = self._memory.get(key)
        if hit is None and self.directory is not None:
            hit = self._read(key)
            if hit is not None:
                self._remember(key, hit)
        if hit is None:
            return None
        findings, problems = hit
        if findings and findings[0].path != path:
            findings = [dataclasses.replace(f, path=path) for f in findings]
        problems = [Problem(path, p.line, p.key, p.message) for p in problems]
        return list(findings), problems

    def put(self, key: str, result: Result) -> None:
        self._remember(key, result)
        if self.directory is not None:
            self._write(key, result)

    def get_or_compute(self, key: str, path: str, compute: Callable[[], Result]) -> Result:
        hit = self.get(key, path)
        if hit is not None:
            return hit
        result = compute()
        self.put(key, result)
        return result

    def derived(self, key: tuple, compute: Callable[[], object]):
        """A value worked out from a cached result and what `key` names besides, kept in
        this process only (a `mkdocs serve` rebuild asks again for every story)."""
        if key not in self._derived:
            if len(self._derived) >= self.MEMORY_MAX:
                self._derived.clear()
            self._derived[key] = compute()
        return self._derived[key]

    # ------------------------------------------------------------------ memo tables
    def memo(self, namespace: str, key: str, compute: Callable[[], object]):
        """The value of `key` in table `namespace` (JSON-able), computed once and kept. The
        value kept (and returned) shares the strings the table already holds."""
        table = self._table(namespace)
        if key in table:
            return table[key]
        value = _shared(compute(), self._strings.setdefault(namespace, {}))
        with self._lock:
            table[key] = value
            self._dirty.add(namespace)
        if not self._batch:
            self.flush()
        return value

    def memo_known(self, namespace: str, keys) -> dict[str, object]:
        """The entries of table `namespace` among `keys` (to work out the others at once)."""
        table = self._table(namespace)
        return {k: table[k] for k in keys if k in table}

    def _table(self, namespace: str) -> dict[str, object]:
        """Table `namespace`, read from disk the first time it is asked for."""
        with self._lock:
            table = self._memos.get(namespace)
        if table is None:
            strings: dict[str, str] = {}
            table = self._read_memo(namespace, strings)
            with self._lock:
                if namespace not in self._memos:
                    self._strings[namespace] = strings
                table = self._memos.setdefault(namespace, table)
        return table

    def retain(self, namespace: str, keys: set[str]) -> None:
        """Drop the entries of table `namespace` that are not in `keys`: a table whose keys
        name file contents (the publish audit's) would otherwise grow with every build."""
        with self._lock:
            table = self._memos.get(namespace)
            if table is None:
                return
            stale = [k for k in table if k not in keys]
            for k in stale:
                del table[k]
            if stale:
                self._dirty.add(namespace)
        if not self._batch:
            self.flush()

    @contextlib.contextmanager
    def batch(self):
        """Write the new results and the memo tables once, when the block ends, not after
        every new answer."""
        self._batch += 1
        try:
            yield self
        finally:
            self._batch -= 1
            if not self._batch:
                self.flush()

    def flush(self) -> None:
        with self._lock:
            unwritten, self._unwritten = self._unwritten, {}
        if unwritten:
            self._store(unwritten)
        with self._lock:
            dirty, self._dirty = self._dirty, set()
            tables = {ns: dict(self._memos[ns]) for ns in dirty}
        if self.directory is None:
            return
        for namespace, table in tables.items():
            self._write_memo(namespace, table)

    def _memo_file(self, namespace: str) -> Path:
        return self.directory / "memo" / f"{namespace}.table"

    # A table's file: its namespace (a JSON string), one `[key, value]` a line in key
    # order, then the sha256 (hex) of every byte before it. JSON escapes every newline, so
    # a line is an entry.
    def _write_memo(self, namespace: str, table: dict[str, object]) -> None:
        path = self._memo_file(namespace)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.parent / f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp"
            digest = hashlib.sha256()
            with open(tmp, "wb") as fh:
                for line in _memo_lines(namespace, table):
                    data = line.encode("utf-8", "surrogatepass") + b"\n"
                    digest.update(data)
                    fh.write(data)
                fh.write(digest.hexdigest().encode("ascii") + b"\n")
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written is only slower

    def _read_memo(self, namespace: str, strings: dict[str, str]) -> dict[str, object]:
        """The table on disk (its strings shared through `strings`); empty when there is
        none, or when it was edited, truncated or written in another format."""
        if self.directory is None:
            return {}
        table: dict[str, object] = {}
        digest = hashlib.sha256()
        try:
            with open(self._memo_file(namespace), "rb") as fh:
                first = fh.readline()
                if json.loads(first) != namespace:
                    return {}
                digest.update(first)
                line = None
                for following in fh:     # each line is an entry until the last, the sum
                    if line is not None:
                        digest.update(line)
                        key, value = json.loads(line)
                        if not isinstance(key, str):
                            return {}
                        table[key] = _shared(value, strings)
                    line = following
            if line is None or line != digest.hexdigest().encode("ascii") + b"\n":
                strings.clear()
                return {}
            return table
        except (OSError, ValueError, TypeError, UnicodeDecodeError):
            strings.clear()
            return {}

    # ------------------------------------------------------------------ memory
    def _remember(self, key: str, result: Result) -> None:
        with self._lock:
            if len(self._memory) >= self.MEMORY_MAX:
                self._memory.clear()
            self._memory[key] = result

    # ------------------------------------------------------------------ disk
    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection to the results table, or None when it cannot be had
        (the cache is then only slower). One inherited from a parent is never used."""
        if self._db is not None and self._db_pid == os.getpid():
            return self._db
        if self._db is not None:
            _INHERITED.append(self._db)      # the parent's: not closed here either
            self._db = None
        path = self.directory / "results.sqlite"
        for attempt in (1, 2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=2, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS results "
                           "(key TEXT PRIMARY KEY, entry TEXT NOT NULL)")
            except sqlite3.DatabaseError:
                # Not a database (truncated, overwritten): a cache starts again.
                if attempt == 2:
                    return None
                try:
                    path.unlink()
                except OSError:
                    return None
                continue
            except (OSError, sqlite3.Error):
                return None
            self._db, self._db_pid = db, os.getpid()
            return db
        return None

    def _read(self, key: str) -> Result | None:
        with self._lock:
            text = self._unwritten.get(key)
        try:
            if text is None:
                db = self._connection()
                if db is None:
                    return None
                row = db.execute("SELECT entry FROM results WHERE key = ?", (key,)).fetchone()
                if row is None:
                    return None
                text = row[0]
            entry = json.loads(text)
            payload = entry["payload"]
            if entry["key"] != key or entry["sum"] != _checksum(payload):
                return None
            data = json.loads(payload)
            findings = [Finding(**{**d, "path": ""}) for d in data["findings"]]
            problems = [Problem("", p["line"], p["key"], p["message"])
                        for p in data["problems"]]
            return findings, problems
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def _write(self, key: str, result: Result) -> None:
        findings, problems = result
        payload = json.dumps({
            "findings": [{k: v for k, v in dataclasses.asdict(f).items() if k != "path"}
                         for f in findings],
            "problems": [{"line": p.line, "key": p.key, "message": p.message}
                         for p in problems]}, sort_keys=True)
        entry = json.dumps({"key": key, "sum": _checksum(payload), "payload": payload})
        if self._batch:
            with self._lock:
                self._unwritten[key] = entry
        else:
            self._store({key: entry})

    def _store(self, entries: dict[str, str]) -> None:
        db = self._connection()
        if db is None:
            return
        try:
            with db:          # one transaction
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)",
                               entries.items())
        except sqlite3.Error:
            pass  # a cache that cannot be written is only slower


# Connections a forked process inherited: kept, never used or closed (closing one could
# disturb the parent's use of the same database).
_INHERITED: list[sqlite3.Connection] = []


def _memo_lines(namespace: str, table: dict[str, object]):
    yield json.dumps(namespace)
    for key in sorted(table):
        yield json.dumps([key, table[key]], sort_keys=True)


def _shared(value, strings: dict[str, str]):
    """`value` (JSON-able) with each string replaced by the equal one in `strings`, which
    gains those it lacks: one object for a line that a thousand pages repeat."""
    if isinstance(value, str):
        return strings.setdefault(value, value)
    if isinstance(value, list):
        return [_shared(v, strings) for v in value]
    if isinstance(value, dict):
        return {_shared(k, strings): _shared(v, strings) for k, v in value.items()}
    return value


# The process-wide memory cache, used when a caller passes none.
MEMORY = ResultCache()
