"""Controlled vocabularies for the facets marketing filters on: sectors, role levels, themes.

Consistent facets make the explorer useful, and coarse values are themselves a safeguard: a
sector of "Industrial engineering" hides a client, "Wind-turbine blade maker" names one. An
empty vocabulary is not enforced.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

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

    def problems(self, story: Story) -> list[Problem]:
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
