"""EMAIL, PHONE, URL, HANDLE, ID: replaced with neutral text ("(email withheld)"); a link to
a leaking address keeps its text and loses its target."""
from __future__ import annotations

import re

from .data import tables
from .spans import Edit, Hit

CATEGORIES = ("EMAIL", "PHONE", "URL", "HANDLE", "ID")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def edit(text: str, h: Hit) -> Edit:
    start, end = h.start, h.end
    withheld = tables()["withheld"]
    new = withheld[h.category]
    if h.category == "HANDLE" and h.text.startswith("#"):
        new = withheld["hashtag"]
    # A Markdown link whose target leaks: keep the link text, lose the link.
    lo = max(0, start - 300)
    for m in _LINK.finditer(text[lo:end + 200]):
        s, e = lo + m.start(), lo + m.end()
        if s <= start and end <= e and not m.group(1) and lo + m.start(3) <= start:
            return Edit(s, e, m.group(2), h.category, text[s:e])
    if text[start - 1:start] == "<" and text[end:end + 1] == ">":
        start, end = start - 1, end + 1
    return Edit(start, end, new, h.category, text[start:end])
