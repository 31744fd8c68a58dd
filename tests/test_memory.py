"""Memory a build holds for each story: a 10,000-story site must build in under 500 MB
(issue #15), so what every story keeps for the length of a build is bounded here, measured
with tracemalloc (bytes, never time)."""
from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

from casebook.story import parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import corpus  # noqa: E402


def _retained(make):
    """(value of make(), bytes it still holds once made)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        value = make()
        gc.collect()
        return value, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_a_parsed_story_holds_little_more_than_its_text(tmp_path):
    corpus.write(tmp_path, 60)
    data = [(p.read_bytes(), p.name) for p in sorted(tmp_path.glob("story-*.md"))]
    stories, held = _retained(lambda: [parse(b, name) for b, name in data])
    text = sum(len(s.text.encode("latin-1", "replace")) for s in stories)
    # The text, its parsed fields and their line numbers: about twice the text. The YAML
    # nodes (composed again when the checker asks) and a second copy of the body are not
    # kept; with them a story held more than five times its text.
    assert held < 3 * text, (held, text)
    # What is not kept is still there when asked for.
    s = stories[0]
    assert s.body == s.text[s.body_offset:] and s.body.strip()
    title = s.front.scalars("title")[0]
    assert s.text[title.start:title.end].strip("\"'") == s.title
