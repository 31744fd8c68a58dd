"""ID: staff, case, ticket, purchase-order and similar reference numbers."""
from __future__ import annotations

import re

from ..registry import Hit, register

_CUE = (r"(?:staff|employee|personnel|payroll|badge|case|ticket|incident|reference|ref|"
        r"PO|P\.O\.|purchase[ -]order|order|invoice|contract|matter|file|account|"
        r"membership|member|student|patient|NHS|claim|policy|requisition|req|job|service "
        r"number|ID|candidate|application|booking|registration|licen[cs]e)")
_CUED = re.compile(r"\b" + _CUE + r"(?:\s+(?:number|no\.?|num\.?|#|ID|id|code|ref\.?))?(?:\s+(?:was|is|of))?"
                   r"\s*[:#]?\s*(?P<id>#?[A-Z]{0,6}[-/]?\d[\w/-]*\d[\w]*|#?\d{3,})", re.I)
_SHAPED = re.compile(r"(?<![\w/.-])(?:[A-Z]{2,6}-\d{3,}(?:-\d+)*|[A-Z]{1,3}\d{5,}|#\d{4,})"
                     r"(?![\w-])")


@register
class IdDetector:
    name = "ids"
    categories = ("ID",)

    def find(self, doc):
        seen = set()
        for m in doc.finditer(_CUED, r"\d"):
            s, e = m.span("id")
            ident = m.group("id")
            if sum(c.isdigit() for c in ident) < 3 or re.fullmatch(r"(?:19|20)\d\d", ident):
                continue
            seen.add(s)
            yield Hit(s, e, "ID", "cued", f"a reference number after '{m.group().split()[0]}'")
        for m in doc.finditer(_SHAPED, r"\d"):
            if m.start() in seen:
                continue
            if re.fullmatch(r"(?:COVID|SARS|ISO|IEC|EN|BS|GDPR|ISBN)-?\d+", m.group(), re.I):
                continue
            yield Hit(m.start(), m.end(), "ID", "shaped", "a code shaped like an internal "
                      "reference (letters and digits)")
