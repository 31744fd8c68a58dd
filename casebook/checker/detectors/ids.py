"""ID: staff, case, ticket, purchase-order and similar reference numbers."""
from __future__ import annotations

import re

from .. import lexicon
from ..registry import NO_PRIOR, Hit

_TABLE = lexicon.table("patterns/ids")
_CUE = "(?:" + "|".join(_TABLE["cues"]) + ")"
_CUED = re.compile(lexicon.expand(_TABLE["patterns"]["cued"], {"CUE": _CUE}), re.I)
_SHAPED = re.compile(_TABLE["patterns"]["shaped"])
_NOT_AN_ID = re.compile(_TABLE["patterns"]["not_an_id"], re.I)


CATEGORIES = ("ID",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    seen, out = set(), []
    for m in doc.finditer(_CUED, r"\d"):
        s, e = m.span("id")
        ident = m.group("id")
        if sum(c.isdigit() for c in ident) < 3 or re.fullmatch(r"(?:19|20)\d\d", ident):
            continue
        seen.add(s)
        out.append(Hit(s, e, "ID", "cued", f"a reference number after '{m.group().split()[0]}'"))
    for m in doc.finditer(_SHAPED, r"\d"):
        if m.start() in seen or _NOT_AN_ID.fullmatch(m.group()):
            continue
        out.append(Hit(m.start(), m.end(), "ID", "shaped", "a code shaped like an internal "
                       "reference (letters and digits)"))
    return out
