"""A long-lived process (`mkdocs serve`) keeps parsed stories between reviews, keyed by the
file's bytes: a second save that keeps the size and modification time is still seen."""
from __future__ import annotations

import os

from casebook import site
from conftest import story_text, write_stories


def _settings(root):
    return site.settings.build(None, root / "stories", root / "site",
                               {"pages": ["index.md"], "cache_dir": ""})


def test_a_quick_second_save_of_the_same_size_gets_a_new_verdict(tmp_path):
    clean = story_text(title='"Quick saves"', body="We met each fortnight in the office.\n")
    leaky = story_text(title='"Quick saves"', body="We met Priya Raghunathan in Leeds.\n")
    leaky = leaky.replace("Leeds.", "Leeds." + " " * (len(clean) - len(leaky)))
    assert len(leaky) == len(clean)
    docs = write_stories(tmp_path, {"quick-saves.md": clean})
    path = docs / "quick-saves.md"
    stamp = path.stat().st_mtime_ns
    first = site.review(_settings(tmp_path), [path], jobs=1).verdicts[0]
    assert first.publish, first.reasons
    path.write_text(leaky, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))          # same size, same modification time
    assert path.stat().st_size == len(clean.encode())
    second = site.review(_settings(tmp_path), [path], jobs=1).verdicts[0]
    assert not second.publish
    assert any(f.text == "Priya Raghunathan" for f in second.findings)
    # and the stored story is not changed by the review that used it
    again = site.review(_settings(tmp_path), [path], jobs=1).verdicts[0]
    assert again.problems == second.problems
