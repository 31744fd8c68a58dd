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


def _review_all(root, **options):
    settings = site.settings.build(None, root / "stories", root / "site",
                                   {"pages": ["index.md"], "cache_dir": "", **options})
    return {v.source.rel: v for v in site.review(settings, jobs=1).verdicts}


def test_a_story_validated_again_only_when_its_text_or_the_site_changed(tmp_path):
    """Each review remembers a story's own checks by its text; a change of the options
    or of another story's themes still reaches it."""
    docs = write_stories(tmp_path, {
        "one.md": story_text(title='"One"', themes="[mentoring]"),
        "two.md": story_text(title='"Two"', themes="[mentorng]")})
    first = _review_all(tmp_path)
    assert any("'mentoring'" in w.message for w in first["two.md"].warnings)
    assert _review_all(tmp_path)["two.md"].warnings == first["two.md"].warnings
    # The other story's theme changes: the near-duplicate warning goes.
    (docs / "one.md").write_text(story_text(title='"One"', themes="[feedback]"),
                                 encoding="utf-8")
    assert not any("'mentoring'" in w.message
                   for w in _review_all(tmp_path)["two.md"].warnings)
    # The options change: a strict vocabulary withholds a theme it does not list.
    strict = _review_all(tmp_path, vocabulary_strict=True, vocabulary_themes=["feedback"])
    assert not strict["two.md"].publish and strict["one.md"].publish
    assert _review_all(tmp_path)["two.md"].publish
