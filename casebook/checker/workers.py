"""Independent pieces of work on every core: the checker's cache misses, the audit's readings.

Workers are forked: each has the work as this process had it (the stories, the loaded
gazetteers, the pages' paths), so nothing is pickled but an index and the answer. Forking
is safe only where no other thread runs (a build, or the first build of `mkdocs serve`,
before its server starts); callers decide that.
"""
from __future__ import annotations

import os
import sys
from typing import Callable, Iterator

THRESHOLD = 40   # below this many, starting workers costs more than it saves
CHUNKS = 32      # pieces of work handed to each worker, about (at 1,000 stories, 15 apiece)

# The work forked workers do: set just before the pool starts.
_PENDING: list[Callable[[], object]] = []


def _pending(i: int):
    return _PENDING[i]()


def trim() -> None:
    """Give the memory freed so far back to the system (glibc keeps freed heap for reuse:
    a process keeps the size of what it has released until it exits, and a worker forked
    from it counts those pages as its own). Nothing where there is no glibc."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        _MALLOC_TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes
                _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
                _MALLOC_TRIM.argtypes = [ctypes.c_size_t]
            except (OSError, AttributeError):
                _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM = None


def in_workers(computes: list[Callable[[], object]], *, jobs: int | None = None,
               threshold: int | None = None) -> list:
    """[c() for c in computes], in order, on `jobs` forked processes (default: up to two)
    when there are at least `threshold` (default THRESHOLD); where processes cannot be had,
    in this process."""
    return list(iter_in_workers(computes, jobs=jobs, threshold=threshold))


def iter_in_workers(computes: list[Callable[[], object]], *, jobs: int | None = None,
                    threshold: int | None = None) -> Iterator:
    """`in_workers`, each result given as it arrives (in order): a caller that keeps a
    smaller form of each (the audit's memo shares their strings) never holds them all as
    the workers sent them. Should processes fail, the rest is worked out in this process."""
    global _PENDING
    jobs = min(2, os.cpu_count() or 1) if jobs is None else jobs
    threshold = THRESHOLD if threshold is None else threshold
    done = 0
    if jobs >= 2 and len(computes) >= threshold and hasattr(os, "fork"):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        _PENDING = list(computes)
        trim()
        try:
            with ProcessPoolExecutor(max_workers=jobs,
                                     mp_context=mp.get_context("fork")) as pool:
                try:
                    # Small chunks: the pieces of work differ (a long story, one that
                    # needs spaCy), and the last chunk is worked out on one core alone.
                    for result in pool.map(_pending, range(len(computes)),
                                           chunksize=max(1, len(computes) // (jobs * CHUNKS))):
                        yield result
                        done += 1
                except GeneratorExit:
                    # the caller stopped early: no worker goes on with the rest
                    pool.shutdown(cancel_futures=True)
                    raise
        except (OSError, RuntimeError):
            pass
        finally:
            _PENDING = []
    for c in computes[done:]:
        yield c()
