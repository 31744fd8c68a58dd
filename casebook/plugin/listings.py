"""Listing pages the plugin generates: one per kind of story, a theme index, one per theme.

Each is a small virtual Markdown page (title and an intro) rendered with `listing.html`; the
cards themselves come from the template context, so the Markdown never carries story text.
Only published stories are passed in, so a withheld story cannot appear on any listing.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

LISTINGS = (
    {"kind": "kind", "story_kind": "client-story", "src_uri": "client-stories/index.md",
     "url": "client-stories/", "title": "Client stories",
     "intro": "How individual leaders changed the way they work, told with their consent "
              "and with names and identifying details changed."},
    {"kind": "kind", "story_kind": "programme", "src_uri": "programmes/index.md",
     "url": "programmes/", "title": "Programme case studies",
     "intro": "Coaching and leadership programmes for teams and whole organisations."},
    {"kind": "kind", "story_kind": "insight", "src_uri": "insights/index.md",
     "url": "insights/", "title": "Insights",
     "intro": "Articles on coaching practice."},
)
THEME_INDEX = {"kind": "themes", "src_uri": "themes/index.md", "url": "themes/",
               "title": "Themes", "intro": "Every theme, with the number of stories on it."}


def theme_slug(theme: str) -> str:
    text = unicodedata.normalize("NFKD", theme).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"


# No story text goes into a listing's Markdown: a theme name is the coach's text, so the
# plugin sets the title (escaped) and the template renders the rest with autoescape on.
EMPTY_PAGE = "\n"


def _order(entries):
    return sorted(entries, key=lambda e: (e.story.date is None, e.story.date), reverse=True)


def listing_pages(published):
    """Yield (src_uri, spec, markdown) for every listing page over the published entries."""
    by_kind = defaultdict(list)
    by_theme = defaultdict(list)
    names = {}
    for e in published:
        by_kind[e.story.kind].append(e)
        for t in e.story.themes:
            by_theme[theme_slug(t)].append(e)
            names.setdefault(theme_slug(t), t)
    for spec in LISTINGS:
        entries = _order(by_kind[spec["story_kind"]])
        yield spec["src_uri"], dict(spec, stories=[e.file.src_uri for e in entries]), EMPTY_PAGE
    themes = [{"name": names[slug], "slug": slug, "url": f"themes/{slug}/",
               "count": len(by_theme[slug])}
              for slug in sorted(by_theme, key=lambda s: (-len(by_theme[s]), s))]
    yield THEME_INDEX["src_uri"], dict(THEME_INDEX, stories=[], themes=themes), EMPTY_PAGE
    for t in themes:
        entries = _order(by_theme[t["slug"]])
        spec = {"kind": "theme", "src_uri": f"themes/{t['slug']}/index.md", "url": t["url"],
                "title": t["name"], "intro": f"Stories on {t['name']}.", "theme": t["name"],
                "stories": [e.file.src_uri for e in entries]}
        yield spec["src_uri"], spec, EMPTY_PAGE
