"""QUASI: descriptions that single one person out ('the first woman to chair…',
'the only Paralympian on…', 'the youngest ever…', 'sole expert on…', a named award)."""
from __future__ import annotations

from .. import lexicon
from ..document import Spans
from ..registry import NO_PRIOR, Hit

# "the only person in the room" is a feeling, not a description: plain "person/people"
# count only with youngest/oldest or "ever".
_NOUN = r"(?:" + "|".join(sorted(lexicon.PERSON_NOUNS - {"person", "people", "men", "women"},
                                 key=len, reverse=True)) + r")"
PATTERNS = [(rule, rx) for rule, rx, _ in lexicon.pattern_table("patterns/quasi", NOUN=_NOUN)]
_PREFILTER = lexicon.table("patterns/quasi")["prefilter"]


CATEGORIES = ("QUASI",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    taken, out = Spans(), []
    for rule, rx in PATTERNS:
        for m in doc.finditer(rx, _PREFILTER, fold=True):
            s, e = m.start(), m.end()
            if "\n" in m.group() or taken.overlaps(s, e):
                continue
            taken.add(s, e)
            out.append(Hit(s, e, "QUASI", rule, "a description that fits only one person"))
    return out
