"""HANDLE: social handles (@name, @firm.team) and hashtags that carry a name.

Handles always identify. A hashtag is flagged when it is CamelCase (#BrightPathProud), holds
a digit, or contains a name found elsewhere in the story; generic tags (#leadership) pass.
Runs after the proper-noun detector so it can see the story's names.
"""
from __future__ import annotations

import re

from ..registry import Hit, register

_HANDLE = re.compile(r"(?<![\w@./&])@[A-Za-z0-9_](?:[\w.]*[A-Za-z0-9_])?")
_HASHTAG = re.compile(r"(?<![\w&#/])#[A-Za-z][A-Za-z0-9_]+")


@register
class HandleDetector:
    name = "handle"
    categories = ("HANDLE",)

    def find(self, doc):
        for m in _HANDLE.finditer(doc.scan):
            if doc.claimed(m.start(), m.end()) or len(m.group()) < 3:
                continue
            yield Hit(m.start(), m.end(), "HANDLE", "handle", "a social media handle")
        names = [n.lower() for n in doc.names if len(n) >= 3]
        for m in _HASHTAG.finditer(doc.scan):
            tag = m.group()[1:]
            if doc.claimed(m.start(), m.end()):
                continue
            low = tag.lower()
            hit = next((n for n in names if n.replace(" ", "") in low), None)
            if hit:
                yield Hit(m.start(), m.end(), "HANDLE", "hashtag-name",
                          f"a hashtag containing the name '{hit}'")
            elif re.search(r"[a-z][A-Z]", tag) or re.search(r"\d", tag):
                yield Hit(m.start(), m.end(), "HANDLE", "hashtag-brand",
                          "a branded (CamelCase or numbered) hashtag, typical of an "
                          "organisation's campaign")
