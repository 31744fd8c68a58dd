"""DATE: the year goes ("September 2022" -> "September", "in 2019" -> "that year",
"9 November 2021" -> "one day in November", "Q4 2023" -> "the fourth quarter")."""
from __future__ import annotations

import re

from ..story import Story
from .data import tables, terms
from .english import case
from .spans import Edit, Hit, deletion, modifier

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"


def _month(t: str) -> str | None:
    months = terms("months")
    found = next((m for m in months if m in t), None)
    if found:
        return found
    abbr = {m[:3]: m for m in months} | tables()["month_abbreviations"]
    return next((full for ab, full in abbr.items() if re.search(r"\b" + ab + r"\b", t)), None)


def edit(story: Story, h: Hit) -> Edit | None:
    text = story.text
    start, end, rule, t = h.start, h.end, h.rule, h.text
    mod = modifier(text, start, end, story)
    if rule == "year" and mod:
        return deletion(story, mod, "DATE")
    if rule == "year":
        new = "those years" if re.search(r"[-–]", t) else "that year"
        m = re.search(r"\b([Ii]n)\s+$", text[max(0, start - 4):start])
        if m:
            start -= len(text[max(0, start - 4):start]) - m.start()
    elif rule in ("month-year", "season-year"):
        new = re.sub(r",?\s+(?:of\s+)?(?:" + YEAR + r"|['’]\d\d)$", "", t)
        if new == t:
            new = "that year"
    elif rule in ("day-month", "month-day", "numeric"):
        month = _month(t)
        new = f"one day in {month}" if month else "one day that year"
        m = re.search(r"\b([Oo]n)\s+$", text[max(0, start - 4):start])
        if m:
            start -= len(text[max(0, start - 4):start]) - m.start()
    elif rule == "quarter-year":
        q = re.match(r"([QH])([1-4])", t)
        if q and q.group(1) == "Q":
            new = f"the {tables()['ordinals'][q.group(2)]} quarter"
        elif q:
            new = "the first half of the year" if q.group(2) == "1" else \
                "the second half of the year"
        else:
            new = "that financial year"
    else:
        new = re.sub(YEAR, "that year", t) if re.search(YEAR, t) else "that year"
    return Edit(start, end, case(story, start, new), "DATE", text[start:end])
