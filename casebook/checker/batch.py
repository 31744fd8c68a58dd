"""Checking many already-loaded stories at once.

Cached stories are answered from the cache in this process; only the misses go to a pool of
worker processes (one per core), and their results are stored back in this process's cache,
so that the next `mkdocs serve` rebuild re-checks only the story that changed.
"""
from __future__ import annotations

import functools
import os
from typing import Sequence

from ..story import Story
from . import (CheckConfig, CheckResult, ResultCache, _check, _keep_gazetteers_in,
               cache_key, check, warm)
from .cache import MEMORY
from .workers import THRESHOLD, iter_in_workers

POOL_THRESHOLD = THRESHOLD   # below this, starting workers costs more than it saves


def check_many(stories: Sequence[Story], config: CheckConfig = CheckConfig(),
               cache: ResultCache | None = None, *, jobs: int | None = None,
               ) -> list[CheckResult]:
    """`check` for each story, in order; the cache misses checked in parallel when many."""
    cache = MEMORY if cache is None else cache
    if cache.directory is not None:
        _keep_gazetteers_in(cache.directory)
    misses = []
    for s in stories:
        if s.text:
            key = cache_key(s.text, config)
            if cache.get(key, s.path) is None:
                misses.append((key, s))
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1)
    if jobs > 1 and len(misses) >= POOL_THRESHOLD and hasattr(os, "fork"):
        # The gazetteers load once, here: forked workers share them. spaCy loads in each
        # worker that meets a name only NER can label (~2 CPU s apiece, about one in
        # fourteen of the bench's stories). Loaded here instead, it would save that, but
        # this process would keep it (130 MB) through rendering and the audit: the peak of
        # a cold build of 10,000 stories went from under 500 MB to 562 MB.
        warm(spacy=False)
        results = iter_in_workers([functools.partial(_check, s, config) for _, s in misses],
                                  jobs=jobs, threshold=POOL_THRESHOLD)
        # Written to disk in one transaction, when the batch ends.
        with cache.batch():
            for (key, _), result in zip(misses, results):
                cache.put(key, result)
    # Every story is now a cache hit (or is checked here, one by one).
    with cache.batch():
        return [check(s, config, cache) for s in stories]
