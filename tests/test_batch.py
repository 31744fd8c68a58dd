"""Checking many stories: the same answers as one by one, in parallel for cold builds, and a
rebuild after editing one story re-checks only that story."""
from __future__ import annotations

import pytest

import casebook.checker as checker
from casebook import story as model
from casebook.checker import CheckConfig, ResultCache, check
from casebook.checker.batch import POOL_THRESHOLD, check_many
from conftest import mkdocs_build, story_text, write_stories


def _stories(n: int, leak_every: int = 3, salt: str = "") -> list[model.Story]:
    out = []
    for i in range(n):
        body = f"Session notes {salt}{i}: the client practised delegation.\n"
        if i % leak_every == 0:
            body += f"Write to lena.varga{i}@example-firm.co.uk for details.\n"
        text = story_text(title=f'"Story {i}"', body=body)
        out.append(model.parse(text.encode(), f"stories/s{i}.md"))
    return out


def test_parallel_results_equal_sequential_ones(tmp_path):
    stories = _stories(POOL_THRESHOLD + 5, salt="par")
    parallel = check_many(stories, CheckConfig(), ResultCache(), jobs=2)
    sequential = [check(s, CheckConfig(), ResultCache()) for s in stories]
    assert parallel == sequential
    assert sum(bool(r.findings) for r in parallel) == \
        len([i for i in range(len(stories)) if i % 3 == 0])


def test_rebuild_after_one_edit_rechecks_only_that_story(monkeypatch):
    cache = ResultCache()
    stories = _stories(10, salt="edit")
    check_many(stories, CheckConfig(), cache, jobs=1)
    calls = []
    real = checker._check
    monkeypatch.setattr(checker, "_check", lambda s, c: calls.append(s.path) or real(s, c))
    again = _stories(10, salt="edit")
    again[4] = model.parse(again[4].text.replace("practised", "rehearsed").encode(),
                           again[4].path)
    check_many(again, CheckConfig(), cache, jobs=1)
    assert calls == ["stories/s4.md"]


def test_disk_cache_answers_a_new_process(tmp_path, monkeypatch):
    config = CheckConfig()
    first = check_many(_stories(5, salt="disk"), config, ResultCache(tmp_path / "cache"),
                       jobs=1)
    calls = []                                  # as if a new `mkdocs build` started
    monkeypatch.setattr(checker, "_check", lambda s, c: calls.append(s.path))
    assert check_many(_stories(5, salt="disk"), config, ResultCache(tmp_path / "cache"),
                      jobs=1) == first
    assert calls == []


@pytest.mark.build
def test_a_build_large_enough_for_the_pool_withholds_every_leak(tmp_path):
    stories = {f"s{i}.md": s.text for i, s in enumerate(_stories(POOL_THRESHOLD + 2,
                                                                 salt="pool"))}
    write_stories(tmp_path, stories)
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.output
    assert build.grep("example-firm.co.uk") == []
    leaky = len([i for i in range(POOL_THRESHOLD + 2) if i % 3 == 0])
    assert f"published {POOL_THRESHOLD + 2 - leaky}, withheld {leaky}" in build.output
