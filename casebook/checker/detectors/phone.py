"""PHONE: UK, US, Australian and international numbers, via Google's libphonenumber port.

A cheap regex finds digit runs that could be numbers; `phonenumbers` then decides, trying the
regions a UK coach's clients are likeliest to be in. Leniency is POSSIBLE, not VALID: fictional
or reserved ranges (555, 07700 900xxx) identify as surely in a story as real ones.
"""
from __future__ import annotations

import re

import phonenumbers

from ..registry import NO_PRIOR, Hit

_CANDIDATE = re.compile(r"(?<![\w/.-])(?:\+|00)?\(?\d[\d \t().-]{6,18}\d(?:\s*(?:x|ext\.?)\s*\d{1,5})?")
REGIONS = ("GB", "US", "AU")


CATEGORIES = ("PHONE",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    out = []
    for m in doc.finditer(_CANDIDATE, r"\d\d"):
        chunk = m.group()
        digits = re.sub(r"\D", "", chunk)
        if len(digits) < 8 or re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d", chunk):
            continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", chunk.strip()):
            continue  # an ISO date
        for region in REGIONS:
            found = [Hit(m.start() + pm.start, m.start() + pm.end, "PHONE", region,
                         f"a phone number ({region} or international format)")
                     for pm in phonenumbers.PhoneNumberMatcher(
                         chunk, region, leniency=phonenumbers.Leniency.POSSIBLE)]
            if found:
                out += found
                break
    return out
