"""URL: links with a scheme, www. addresses and bare domains with a path ('firm.com/team')."""
from __future__ import annotations

import re

from .. import lexicon
from ..document import Spans
from ..registry import NO_PRIOR, Hit

TLDS = "|".join(re.escape(t) for t in lexicon.TLDS)
_SCHEME = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`)\]]+", re.I)
_WWW = re.compile(r"(?<![\w/.@-])www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'`)\]]*)?", re.I)
_BARE = re.compile(r"(?<![\w/.@-])[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?:" + TLDS +
                   r")\b(?![.@]?\w)(?:/[^\s<>\"'`)\]]*)?")
# A protocol-relative address ('//firm.xyz/team' in a link): a browser opens it on any TLD.
_RELATIVE = re.compile(r"(?<![\w:/])//[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b"
                       r"(?:/[^\s<>\"'`)\]]*)?")
_TRAIL = ".,;:!?)'\""
# Every address has a dot between word characters ("firm.com", "www.") or a "//": only the
# lines that do are searched (most prose lines end their sentences with ". "). The pattern
# opens with the dot (the word character before it tested behind it), so that the regex
# engine skips from dot to dot rather than trying every word character: the same lines as
# "[\w-]\.[A-Za-z]|//" (tests/checker/test_fast_patterns.py).
_PREFILTER = r"\.(?<=[\w-]\.)[A-Za-z]|//"


CATEGORIES = ("URL",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    seen, own, out = Spans(), Spans(), []
    for rx, rule in ((_SCHEME, "scheme"), (_WWW, "www"), (_RELATIVE, "protocol-relative"),
                     (_BARE, "bare-domain")):
        for m in doc.finditer(rx, _PREFILTER):
            s, e = m.start(), m.end()
            while e > s and doc.scan[e - 1] in _TRAIL:
                e -= 1
            # An address claims its text: a later pattern does not find a part of it.
            if seen.overlaps(s, s + 1) or prior.claimed(s, e) or own.overlaps(s, e):
                continue
            if rule == "bare-domain" and _looks_like_file_or_abbrev(doc.scan[s:e]):
                continue
            seen.add(s, e)
            if e > s and not doc.is_allowed(s, e):
                own.add(s, e)
            out.append(Hit(s, e, "URL", rule, "a web address"))
    return out


def _looks_like_file_or_abbrev(t: str) -> bool:
    # "e.g.", "i.e.", "Node.js", image file names are not addresses.
    low = t.lower()
    return bool(re.fullmatch(r"(?:[a-z]\.){1,3}[a-z]?", low)) or low.endswith(
        (".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".pdf", ".md"))
