"""Controlled vocabularies for the facets marketing filters on: sectors, role levels, themes.

Consistent facets make the explorer useful, and coarse values are themselves a safeguard: a
sector of "Industrial engineering" hides a client, "Wind-turbine blade maker" names one.

Two modes (the plugin's `vocabulary_strict` option):

* guiding (the default): themes are free; the role level and sector facet are derived from
  the free text (`casebook.facets`), and a role or sector the tables cannot place, or a theme
  that looks like a variant of another one on the site, is a warning (`warnings()`), never a
  reason to withhold a story;
* strict: a value outside a listed vocabulary is a validation problem (`problems()`) that
  withholds the story. An empty list is not enforced.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import facets
from .schema import Problem
from .story import Story


def role_level(role: str | None) -> str | None:
    """The level a role starts with: "Director, global support function" -> "Director"."""
    if not role:
        return None
    return role.split(",")[0].strip()


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "eighteen": 18, "twenty": 20, "a": 1, "an": 1, "half a": 0.5}
_DURATION = re.compile(r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
                       + r")\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*)?(day|week|month|year)")


class _ThemeIndex:
    """The site's themes by key, with each theme's near-duplicates worked out once: a site
    has a few dozen distinct themes, so a build compares those, not every story's."""

    def __init__(self, themes: tuple[str, ...]):
        # Each spelling once (near_duplicates compares spellings, not how many stories
        # use one): at 10,000 stories a key's list held thousands of copies.
        self.pool: dict[str, dict[str, None]] = {}
        for theme in themes:
            key = facets.theme_key(theme)
            if key:
                self.pool.setdefault(key, {})[theme] = None
        self.shown = facets.canonical_themes(themes)
        self._close: dict[tuple[str, str], list[str]] = {}

    def close(self, theme: str, key: str) -> list[str]:
        got = self._close.get((theme, key))
        if got is None:
            got = [self.shown[k] for k, spellings in self.pool.items()
                   if k != key and facets.near_duplicates([theme, *spellings])]
            self._close[(theme, key)] = got
        return got


@functools.lru_cache(maxsize=8)
def _theme_index(themes: tuple[str, ...]) -> _ThemeIndex:
    return _ThemeIndex(themes)


def duration_months(duration: str | None) -> float | None:
    """Months in a free-text duration ("12 months", "six weeks", "3–4 weeks": the upper
    bound), or None when there is no number and unit in it."""
    m = _DURATION.search(duration.lower()) if duration else None
    if not m:
        return None
    n = float(m.group(2) or _NUMBER_WORDS.get(m.group(1)) or m.group(1))
    return {"day": n / 30, "week": n / 4.3, "month": n, "year": n * 12}[m.group(3)]


DURATION_BANDS = ("under 3 months", "3–6 months", "6–12 months", "over 12 months")


def duration_band(duration: str | None) -> str | None:
    """The explorer's duration facet: four bands, "other" for text with no number."""
    if not duration:
        return None
    months = duration_months(duration)
    if months is None:
        return "other"
    if months < 3:
        return "under 3 months"
    if months < 6:
        return "3–6 months"
    if months <= 12:
        return "6–12 months"
    return "over 12 months"


@dataclass(frozen=True)
class Vocabulary:
    sectors: tuple[str, ...] = ()
    role_levels: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    strict: bool = False

    def problems(self, story: Story) -> list[Problem]:
        """Strict mode: every value outside a listed vocabulary, as a validation problem."""
        if not self.strict:
            return []
        out = []
        checks = [("sector", story.sector, self.sectors, story.sector),
                  ("role", role_level(story.role), self.role_levels, story.role)]
        checks += [(f"themes[{i}]", t, self.themes, t) for i, t in enumerate(story.themes)]
        for key, value, allowed, shown in checks:
            if value is None or not allowed:
                continue
            if value.casefold() in {a.casefold() for a in allowed}:
                continue
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            what = "starts with" if key == "role" else "is"
            line = story.key_lines.get(key.split("[")[0], 0)
            out.append(Problem(story.path, line, key,
                               f"{what} '{value}', which is not in the site's vocabulary"
                               f"{hint}; use one of: {', '.join(allowed)} (or add it to the "
                               "casebook plugin's options in mkdocs.yml)"))
        return out

    def theme_index(self, site_themes: Iterable[str] = ()) -> _ThemeIndex:
        """The listed themes and `site_themes`, with their near-duplicates: made once for a
        review of many stories (`warnings(index=...)`). Made for each story, it hashed every
        theme of the site each time, which at 10,000 stories took 8 s of a build."""
        return _theme_index((*self.themes, *site_themes))

    def warnings(self, story: Story, site_themes: Iterable[str] = (), *,
                 index: _ThemeIndex | None = None) -> list[Problem]:
        """Guiding mode: what the facets cannot place, and themes that look like variants of
        `site_themes` (the other stories' themes) or of the listed themes (`index`: the
        same, made once by `theme_index`). Never withholds."""
        if self.strict:
            return []
        out = []
        if story.role and facets.role_level(story.role) is None:
            levels = facets.role_levels()
            out.append(Problem(story.path, story.key_lines.get("role", 0), "role",
                               f"is '{story.role}', which the site cannot place on a role "
                               f"level{_hint(story.role.split(',')[0], levels)}; start it "
                               f"with one of: {', '.join(levels)}"))
        if story.sector and facets.sector_facet(story.sector) is None:
            labels = facets.sector_labels()
            out.append(Problem(story.path, story.key_lines.get("sector", 0), "sector",
                               f"is '{story.sector}', which the site cannot place on a sector"
                               f"{_hint(story.sector, labels)}; name the industry in "
                               f"words such as: {', '.join(labels)}"))
        listed = {facets.theme_key(t) for t in self.themes}
        index = index or self.theme_index(site_themes)
        line = story.key_lines.get("themes", 0)
        for i, theme in enumerate(story.themes):
            key = facets.theme_key(theme)
            if not key or key in listed:     # a listed theme is the one to use
                continue
            close = index.close(theme, key)
            if close:
                out.append(Problem(story.path, line, f"themes[{i}]",
                                   f"is '{theme}', which looks like a variant of "
                                   + ", ".join(f"'{c}'" for c in close)
                                   + f" (did you mean '{close[0]}'?); use one spelling "
                                   "so that the stories share a theme page"))
        return out


def _hint(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value.strip(), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
