"""HANDLE: social handles (@name, @firm.team) and hashtags that carry a name.

Handles always identify. A hashtag is flagged when it is CamelCase (#BrightPathProud) or
holds a digit (`find`, rule `hashtag-brand`), or contains one of the story's names (the
post-processor `hashtag_names`, rule `hashtag-name`, which runs after name detection and
replaces a `hashtag-brand` hit on the same tag); generic tags (#leadership) pass.
"""
from __future__ import annotations

import re

from ..registry import NO_PRIOR, Hit

CATEGORIES = ("HANDLE",)
# "@name" and "#tag" not inside a word, an address or a path. The test of the character
# before comes after the '@' or '#' (the same test, one character further back), so that the
# regex engine skips from one '@' or '#' to the next.
_HANDLE = re.compile(r"@(?<![\w@./&]@)[A-Za-z0-9_](?:[\w.]*[A-Za-z0-9_])?")
_HASHTAG = re.compile(r"#(?<![\w&#/]#)[A-Za-z][A-Za-z0-9_]+")


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    out = [Hit(m.start(), m.end(), "HANDLE", "handle", "a social media handle")
           for m in _HANDLE.finditer(doc.scan)
           if not prior.claimed(m.start(), m.end()) and len(m.group()) >= 3]
    for m in _hashtags(doc, prior):
        tag = m.group()[1:]
        if re.search(r"[a-z][A-Z]", tag) or re.search(r"\d", tag):
            out.append(Hit(m.start(), m.end(), "HANDLE", "hashtag-brand",
                           "a branded (CamelCase or numbered) hashtag, typical of an "
                           "organisation's campaign"))
    return out


def hashtag_names(doc, hits: list[Hit], names: dict[str, str], prior=NO_PRIOR) -> list[Hit]:
    """Post-processor: `hits` with every hashtag that contains one of the story's `names`
    (`propernoun.names_of`) flagged as such, in place of a `hashtag-brand` hit on it."""
    lowered = [n.lower() for n in names if len(n) >= 3]
    named = {}
    for m in _hashtags(doc, prior):
        low = m.group()[1:].lower()
        hit = next((n for n in lowered if n.replace(" ", "") in low), None)
        if hit:
            named[m.span()] = Hit(m.start(), m.end(), "HANDLE", "hashtag-name",
                                  f"a hashtag containing the name '{hit}'")
    out = []
    for h in hits:
        if h.rule == "hashtag-brand" and (h.start, h.end) in named:
            h = named.pop((h.start, h.end))
        out.append(h)
    return out + list(named.values())


def _hashtags(doc, prior):
    return (m for m in _HASHTAG.finditer(doc.scan) if not prior.claimed(m.start(), m.end()))
