"""QUASI: descriptions that single one person out ('the first woman to chair…',
'the only Paralympian on…', 'the youngest ever…', 'sole expert on…', a named award)."""
from __future__ import annotations

import re

from .. import lexicon
from ..document import Spans
from ..registry import Hit, register

# "the only person in the room" is a feeling, not a description: plain "person/people"
# count only with youngest/oldest or "ever".
_NOUN = r"(?:" + "|".join(sorted(lexicon.PERSON_NOUNS - {"person", "people", "men", "women"},
                                 key=len, reverse=True)) + r")"
_MOD = r"(?!(?:in|on|at|to|of|the|a|an|and|or|for|with|time|day|week|session|step)\b)"
_PREP = r"(?:to|on|in|at|of|ever|who|from|for)"
PATTERNS = [
    ("superlative-person", re.compile(
        r"\b(?:first|only|youngest|oldest|last remaining)\b(?!-)(?:[ -]+" + _MOD +
        r"(?:[a-z]+-?[a-z]*|[A-Z][\w'’-]+)){0,3}?[ -]+" + _NOUN + r"s?\b(?:[ -]+ever)?"
        r"(?:\s+" + _PREP + r"\b|(?<=\w)(?=\s*[.;:)]))")),
    ("youngest-ever", re.compile(r"\b(?:youngest|oldest)\b(?:[ -][\w'’-]+){0,3}?[ -]ever\b")),
    ("superlative-ever", re.compile(r"\b(?:first|only)\s+(?:person|woman|man|one)\s+ever\b|"
                                    r"\b(?:youngest|oldest)\s+(?:person|woman|man|one)\b")),
    ("superlative-history", re.compile(
        r"\b(?:youngest|oldest|first|only)\b[\w'’ -]{0,60}?\bin (?:the|its|their|our|his|her)"
        r" (?:[\w'’-]+ ){0,2}?history\b")),
    ("sole", re.compile(r"\bsole\s+(?:[\w-]+\s+){0,2}?(?:expert|specialist|authority|woman|man|"
                        r"person|female|male|member|survivor|holder|owner|founder|employee|"
                        r"representative|speaker|translator|doctor|engineer)\b(?:\s+(?:on|in|at|"
                        r"of|for)\s+[\w'’-]+(?:\s+[\w'’-]+)?)?")),
    ("award", re.compile(r"\b(?:won|winning|awarded|received|receiving|named|scooped|picked up)"
                         r"\s+(?:(?:the|a|an|her|his|their)\s+)?[\w'’ -]{0,50}?\b(?:award|prize|medal|"
                         r"trophy|scholarship|fellowship|accolade|of the [Yy]ear)\b")),
    ("distinction", re.compile(r"\b(?:Olympian|Paralympian|Olympic (?:gold|silver|bronze|medal\w*|"
                               r"champion)|Paralympic (?:gold|silver|bronze|medal\w*|champion)|"
                               r"world champion|world record[- ]holder|Nobel laureate|OBE|MBE|CBE"
                               r"|knighted)\b")),
]


_PREFILTER = (r"(?i:first|only|youngest|oldest|last remaining|sole|won|winning|awarded|received|"
              r"named|scooped|picked up)|Olympi|Paralympi|world champion|world record|Nobel|"
              r"OBE|MBE|CBE|knighted")


@register
class QuasiDetector:
    name = "quasi"
    categories = ("QUASI",)

    def find(self, doc):
        taken = Spans()
        for rule, rx in PATTERNS:
            for m in doc.finditer(rx, _PREFILTER):
                s, e = m.start(), m.end()
                if "\n" in m.group() or taken.overlaps(s, e):
                    continue
                taken.add(s, e)
                yield Hit(s, e, "QUASI", rule, "a description that fits only one person")
