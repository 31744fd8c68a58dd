"""DATE: a specific day, a month or season with a year, a quarter with a year, a bare year.

Not dates: durations ("12 months"), relative time ("last year"), weekdays, holidays,
months without a year and the year of a cited public figure's work ("(Goleman, 1995)").
The front-matter `date:` is publication metadata and never read.
"""
from __future__ import annotations

import re

from .. import lexicon
from ..document import Spans
from ..registry import NO_PRIOR, Hit
from . import citing

PATTERNS = [(rule, rx, row.get("prefilter", r"\d"))
            for rule, rx, row in lexicon.pattern_table("patterns/dates")]
_CONTEXT = {rule: row["context"] for rule, _, row in lexicon.pattern_table("patterns/dates")}
_MONTH_WORDS = set(lexicon.MONTHS) | set(lexicon.MONTH_ABBR)


CATEGORIES = ("DATE",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    taken, out = Spans(), []
    for rule, rx, prefilter in PATTERNS:
        for m in doc.finditer(rx, prefilter, fold="(?i" in prefilter):
            s, e = m.start(), m.end()
            if taken.contains(s, e) or prior.claimed(s, e) or _not_a_date(doc, rule, m):
                continue
            taken.add(s, e)
            out.append(Hit(s, e, "DATE", rule, _CONTEXT[rule]))
    return out


def _not_a_date(doc, rule: str, m) -> bool:
    s, e = m.span()
    if rule == "month-year":
        return not _month_cased(m.group())
    if rule == "month-day":
        return m.group().split()[0].rstrip(".,") == "May" and \
            doc.is_sentence_start(s) is False and not re.search(r"\d", m.group())
    if rule == "year":
        # "(Goleman, 1995)": the year of a book, not of the client
        return _is_quantity(doc, e) or citing.is_citation_year(doc, s)
    return False


def _month_cased(t: str) -> bool:
    return any(w.rstrip(".,") in _MONTH_WORDS for w in re.findall(r"[A-Za-z]+\.?", t))


def _is_quantity(doc, end: int) -> bool:
    nxt = doc.after(end, 1)
    return bool(nxt) and nxt[0] in lexicon.COUNT_NOUNS and doc.scan[end:end + 1] == " "

