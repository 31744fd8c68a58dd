"""Related stories: the fast ranking gives what ranking every other story would give."""
from __future__ import annotations

import types

from hypothesis import given, settings, strategies as st

from casebook.site.listings import Related

THEMES = ["Delegation", "delegation", "Trust", "Feedback", "Promotion", "Presence",
          "Influence", "Resilience", "Strategy", "Culture", "Conflict"]


def _entry(i: int, title: str, themes: list[str], sector: str | None):
    story = types.SimpleNamespace(title=title, themes=themes, sector=sector)
    return types.SimpleNamespace(src_uri=f"s{i:03}.md", story=story)


def _reference(entries, entry, count):
    """Rank every other story: most shared themes, then same sector, then title."""
    mine = {t.casefold() for t in entry.story.themes}

    def key(e):
        shared = len(mine & {t.casefold() for t in e.story.themes})
        same = bool(entry.story.sector) and e.story.sector == entry.story.sector
        return (-shared, -same, e.story.title or "", e.src_uri)
    others = [e for e in entries if e.src_uri != entry.src_uri and
              (mine & {t.casefold() for t in e.story.themes} or
               (entry.story.sector and e.story.sector == entry.story.sector))]
    return sorted(others, key=key)[:count]


stories = st.lists(st.tuples(st.sampled_from(["A", "B", "C", "", "D"]),
                             st.lists(st.sampled_from(THEMES), max_size=10),
                             st.sampled_from([None, "Finance", "Health", "Retail"])),
                   min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(stories, st.integers(min_value=0, max_value=6))
def test_related_matches_ranking_every_story(rows, count):
    entries = [_entry(i, title, themes, sector) for i, (title, themes, sector) in
               enumerate(rows)]
    related = Related(entries)
    for e in entries:
        got = [r.src_uri for r in related.of(e, count)]
        assert got == [r.src_uri for r in _reference(entries, e, count)]


def test_many_themes_counted_instead_of_subsets():
    themes = [f"T{i}" for i in range(Related.SUBSETS_MAX + 3)]
    entries = [_entry(0, "Zed", themes, None), _entry(1, "Bee", themes[:4], None),
               _entry(2, "Ann", themes[:2], "Retail"), _entry(3, "Cat", themes, None)]
    related = Related(entries)
    assert [r.src_uri for r in related.of(entries[0], 3)] == ["s003.md", "s001.md", "s002.md"]


def test_same_sector_without_shared_themes_comes_last():
    entries = [_entry(0, "A", ["Trust"], "Health"), _entry(1, "B", ["Trust"], None),
               _entry(2, "C", [], "Health"), _entry(3, "D", ["Culture"], "Retail")]
    related = Related(entries)
    assert [r.src_uri for r in related.of(entries[0], 5)] == ["s001.md", "s002.md"]
