"""LOCATION: postcodes and ZIP codes, which narrow a place to a street or a building."""
from __future__ import annotations

import re

from ..registry import NO_PRIOR, Hit

_UK = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s?\d[ABD-HJLNP-UW-Z]{2}\b")
_US = re.compile(r"\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|"
                 r"O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])\s+\d{5}(?:-\d{4})?\b")


CATEGORIES = ("LOCATION",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    return [Hit(m.start(), m.end(), "LOCATION", rule, why)
            for rx, rule, why in ((_UK, "uk-postcode", "a UK postcode"),
                                  (_US, "us-zip", "a US state and ZIP code"))
            for m in doc.finditer(rx, r"\d") if not prior.claimed(m.start(), m.end())]
