"""DATE: a specific day, a month or season with a year, a quarter with a year, a bare year.

Not dates: durations ("12 months"), relative time ("last year"), weekdays, holidays and
months without a year. The front-matter `date:` is publication metadata and never read.
"""
from __future__ import annotations

import re

from .. import lexicon
from ..document import Spans
from ..registry import Hit, register

_M = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
     r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_Y = r"(?:19[5-9]\d|20[0-4]\d)"
_YS = r"(?:" + _Y + r"|['’]\d\d)"
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WD = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
PATTERNS = [
    ("day-month", re.compile(r"\b" + _WD + _D + r"(?:\s+of)?\s+" + _M + r"(?:,?\s+" + _Y + r")?(?!\w)")),
    ("month-day", re.compile(r"\b" + _WD + _M + r"\s+" + _D + r"\b(?:,?\s+" + _Y + r")?(?!\w)")),
    ("month-year", re.compile(r"\b(?:(?:early|mid|late)[- ])?" + _M + r",?\s+(?:of\s+)?" + _YS + r"(?!\w)", re.I)),
    ("season-year", re.compile(r"\b(?:(?:early|mid|late)[- ])?(?:spring|summer|autumn|fall|winter)"
                               r"\s+(?:of\s+)?" + _YS + r"(?!\w)", re.I)),
    ("quarter-year", re.compile(r"\b(?:Q[1-4]|H[12])\s*(?:of\s+)?(?:FY\s?)?(?:" + _Y + r"|\d\d)(?!\w)"
                                r"|\bFY\s?(?:" + _Y + r"|\d\d(?:/\d\d)?)(?!\w)")),
    ("numeric", re.compile(r"(?<![\w/.-])(?:" + _Y + r"-[01]\d-[0-3]\d|[0-3]?\d[/.][01]?\d[/.](?:"
                           + _Y + r"|\d\d))(?![\w/-]|\.\d)")),
    ("year", re.compile(r"(?<![\w£$€#/.,:])(?<!\d[-–])" + _Y +
                        r"(?:\s*[-–/]\s*(?:" + _Y + r"|\d\d))?(?![\w%/]|[.,]\d)")),
]
_MONTH_WORDS = set(lexicon.MONTHS) | set(lexicon.MONTH_ABBR)


@register
class DateDetector:
    name = "dates"
    categories = ("DATE",)

    def find(self, doc):
        taken = Spans()
        for rule, rx in PATTERNS:
            for m in doc.finditer(rx, r"\d"):
                s, e = m.start(), m.end()
                if taken.contains(s, e) or doc.claimed(s, e):
                    continue
                if rule == "month-year" and not _month_cased(m.group()):
                    continue
                if rule == "month-day" and m.group().split()[0].rstrip(".,") == "May" and \
                        doc.is_sentence_start(s) is False and not re.search(r"\d", m.group()):
                    continue
                if rule == "year" and _is_quantity(doc, e):
                    continue
                taken.add(s, e)
                yield Hit(s, e, "DATE", rule, _CONTEXT[rule])


def _month_cased(t: str) -> bool:
    return any(w.rstrip(".,") in _MONTH_WORDS for w in re.findall(r"[A-Za-z]+\.?", t))


def _is_quantity(doc, end: int) -> bool:
    nxt = doc.after(end, 1)
    return bool(nxt) and nxt[0] in lexicon.COUNT_NOUNS and doc.scan[end:end + 1] == " "


_CONTEXT = {
    "day-month": "a specific day", "month-day": "a specific day",
    "month-year": "a month with its year", "season-year": "a season with its year",
    "quarter-year": "a quarter or financial year", "numeric": "a written-out date",
    "year": "a specific year",
}
