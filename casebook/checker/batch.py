"""Checking many already-loaded stories at once, for the plugin's cold builds.

Cached stories are answered from the cache in this process; only the misses go to a pool of
worker processes (one per core), and their results are stored back in this process's cache,
so that the next `mkdocs serve` rebuild re-checks only the story that changed.
"""
from __future__ import annotations

import os
from typing import Sequence

from ..story import Story
from . import CheckConfig, Finding, _check, _disk_get, _disk_put, _LOCK, _MEMORY, cache_key
from . import check_story, warm

POOL_THRESHOLD = 40   # below this, starting workers costs more than it saves


def _work(args):
    story, config = args
    return _check(story, config)


def check_stories(stories: Sequence[Story], config: CheckConfig = CheckConfig(), *,
                  jobs: int | None = None) -> list[list[Finding]]:
    """Findings for each story, in order; the misses checked in parallel when many."""
    misses = []
    for s in stories:
        if not s.text:
            continue
        key = cache_key(s.text, config)
        with _LOCK:
            hit = key in _MEMORY
        if not hit and config.cache_dir:
            cached = _disk_get(config.cache_dir, key, s.path)
            if cached is not None:
                with _LOCK:
                    _MEMORY[key] = cached
                hit = True
        if not hit:
            misses.append((key, s))
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1)
    if jobs > 1 and len(misses) >= POOL_THRESHOLD and hasattr(os, "fork"):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        try:
            warm()   # load models once here; forked workers share them instead of each loading
            with ProcessPoolExecutor(max_workers=jobs,
                                     mp_context=mp.get_context("fork")) as pool:
                results = list(pool.map(_work, [(s, config) for _, s in misses],
                                        chunksize=max(1, len(misses) // (jobs * 8))))
        except (OSError, RuntimeError):
            results = None   # no processes to be had: check below, in this process
        if results is not None:
            for (key, _), result in zip(misses, results):
                with _LOCK:
                    _MEMORY[key] = result
                if config.cache_dir:
                    _disk_put(config.cache_dir, key, *result)
    # Every story is now a cache hit (or is checked here): check_story adds the path and
    # the checker's own problems (a suppression without a reason) to each story.
    return [check_story(s, config) for s in stories]
