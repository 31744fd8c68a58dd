"""The story explorer's data: one JSON file holding only published stories.

The page filters it client-side (theme/javascripts/explorer.js), so the explorer needs no
server, and the file can hold nothing the gate did not let through.
"""
from __future__ import annotations

import json

from ..vocab import duration_band, role_level

PAGE = "explorer/index.md"
DATA = "explorer/stories.json"
KIND_LABELS = {"client-story": "Client story", "programme": "Programme", "insight": "Insight"}


def record(entry) -> dict:
    s = entry.story
    return {
        "title": s.title, "url": entry.url, "kind": KIND_LABELS.get(s.kind, s.kind),
        "who": s.who, "summary": s.summary,
        "goal": s.goal, "headline": s.headline, "themes": s.themes,
        "sector": s.sector, "role_level": role_level(s.role),
        "duration": duration_band(s.duration), "date": s.date.isoformat() if s.date else None,
    }


def files(published) -> list[tuple[str, str]]:
    stories = sorted((record(e) for e in published),
                     key=lambda r: (r["date"] or "", r["title"]), reverse=True)
    data = json.dumps({"stories": stories}, ensure_ascii=False, indent=None)
    return [(PAGE, "\n"), (DATA, data)]
