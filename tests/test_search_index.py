"""What the search index says of a story: its words, a clean excerpt and a boosted title."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.build


def test_a_story_entry_starts_with_its_summary_and_weighs_its_title(repo_site):
    from casebook import story as model
    index = json.loads(repo_site.text("search/search_index.json"))
    entries = {d["location"]: d for d in index["docs"]}
    checked = 0
    for path in sorted((repo_site.root / "stories").glob("*.md")):
        s = model.load(path)
        if path.name == "index.md" or s.draft or f"{s.slug}/" not in entries:
            continue
        entry = entries[f"{s.slug}/"]
        text = entry["text"]
        assert entry["title"] == s.title and entry.get("boost") == 2
        assert text.startswith(f"<p>{s.summary}</p>"), text[:120]   # no eyebrow, no title
        assert "Client stories" not in text[:200] and text.count(s.title) == 0
        # the facts, label and value apart, so "Healthcare" or "Director" finds the story
        for value in (s.role, s.sector, s.organisation, s.participants):
            if value:
                assert value in text
        checked += 1
    assert checked >= 3
