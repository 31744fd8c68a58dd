"""The story explorer's data: one JSON file holding only published stories.

The page filters it client-side (theme/javascripts/explorer.js), so the explorer needs no
server, and the file can hold nothing the gate did not let through.
"""
from __future__ import annotations

import json

from .. import facets
from ..vocab import duration_band, role_level

PAGE = "explorer/index.md"
DATA = "explorer/stories.json"
KIND_LABELS = {"client-story": "Client story", "programme": "Programme", "insight": "Insight"}


def record(entry, themes: dict[str, str] | None = None, *, strict: bool = False) -> dict:
    """One story's card and facet values. The facets stay coarse: the role level and sector
    are derived from the free text (kept as "role" and "sector_text"), and each theme is
    shown in the site's one spelling of it (`themes`: key -> display, from
    facets.canonical_themes). A strict site's lists are already coarse: its values as written.
    """
    s = entry.story
    if strict:
        level, sector, shown = role_level(s.role), s.sector, list(s.themes)
    else:
        themes = {**facets.canonical_themes(s.themes), **(themes or {})}
        level, sector = facets.role_level(s.role), facets.sector_facet(s.sector)
        shown = [themes[k] for k in dict.fromkeys(map(facets.theme_key, s.themes)) if k]
    return {
        "title": s.title, "url": entry.url, "kind": KIND_LABELS.get(s.kind, s.kind),
        "who": s.who, "summary": s.summary,
        "goal": s.goal, "headline": s.headline, "themes": shown,
        "sector": sector, "sector_text": s.sector, "role_level": level, "role": s.role,
        "duration": duration_band(s.duration), "date": s.date.isoformat() if s.date else None,
    }


def files(published, *, strict: bool = False) -> list[tuple[str, str]]:
    published = list(published)
    themes = facets.canonical_themes(t for e in published for t in e.story.themes)
    stories = sorted((record(e, themes, strict=strict) for e in published),
                     key=lambda r: (r["date"] or "", r["title"]), reverse=True)
    data = json.dumps({"stories": stories}, ensure_ascii=False, indent=None)
    return [(PAGE, "\n"), (DATA, data)]
