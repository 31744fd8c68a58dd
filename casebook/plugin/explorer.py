"""The story explorer: its page, rendered at build time, and one JSON file of the same data.

Every published story's card and the facet filters (with their counts) are in the page's
HTML, so the explorer works with JavaScript off; theme/javascripts/explorer.js only filters
and sorts what is already there. Only published stories are passed in: neither the page nor
stories.json can hold anything the gate did not let through.
"""
from __future__ import annotations

import json

from .. import facets
from ..vocab import DURATION_BANDS, duration_band, role_level

PAGE = "explorer/index.md"
DATA = "explorer/stories.json"
KIND_LABELS = {"client-story": "Client story", "programme": "Programme", "insight": "Insight"}
# (record key, legend) in the order the filters are shown.
FACETS = (("kind", "Kind"), ("themes", "Theme"), ("sector", "Sector"),
          ("role_level", "Role level"), ("duration", "Duration"))


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


def records(published, *, strict: bool = False) -> list[dict]:
    """Every published story's record, newest first."""
    published = list(published)
    themes = facets.canonical_themes(t for e in published for t in e.story.themes)
    return sorted((record(e, themes, strict=strict) for e in published),
                  key=lambda r: (r["date"] or "", r["title"]), reverse=True)


def files(recs: list[dict]) -> list[tuple[str, str]]:
    """The explorer's page (rendered by its template) and its data file, from `records`."""
    data = json.dumps({"stories": recs}, ensure_ascii=False, indent=None)
    return [(PAGE, "\n"), (DATA, data)]


def _values(rec: dict, key: str) -> list[str]:
    value = rec.get(key)
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def _natural_order(key: str, values) -> list[str]:
    """A facet's values in the order a reader expects: kinds and role levels as the site
    defines them, duration bands shortest first ("other" last), the rest alphabetically."""
    known = {"kind": tuple(KIND_LABELS.values()), "duration": DURATION_BANDS + ("other",),
             "role_level": facets.role_levels()}.get(key, ())
    rank = {v: i for i, v in enumerate(known)}
    return sorted(values, key=lambda v: (rank.get(v, len(rank)), v.casefold(), v))


def view(recs: list[dict]) -> dict:
    """What the explorer page renders at build time: the facets, each value with the number
    of stories it shows (no filter on yet), and each card's facet values for the script."""
    out = []
    for key, legend in FACETS:
        counts: dict[str, int] = {}
        for r in recs:
            for v in dict.fromkeys(_values(r, key)):
                counts[v] = counts.get(v, 0) + 1
        if counts:
            out.append({"key": key, "legend": legend,
                        "values": [(v, counts[v]) for v in _natural_order(key, counts)]})
    cards = [{**r, "facets": {key: _values(r, key) for key, _ in FACETS},
              "sort_theme": (r["themes"] or [""])[0]}   # the story's main theme
             for r in recs]
    return {"facets": out, "cards": cards, "total": len(recs)}
