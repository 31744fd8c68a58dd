"""PHONE: UK, US, Australian and international numbers, via Google's libphonenumber port.

A cheap regex finds digit runs that could be numbers; `phonenumbers` then decides, trying the
regions a UK coach's clients are likeliest to be in. Leniency is POSSIBLE, not VALID: fictional
or reserved ranges (555, 07700 900xxx) identify as surely in a story as real ones.
"""
from __future__ import annotations

import re

import phonenumbers

from ..registry import Hit, register

_CANDIDATE = re.compile(r"(?<![\w/.-])(?:\+|00)?\(?\d[\d \t().-]{6,18}\d(?:\s*(?:x|ext\.?)\s*\d{1,5})?")
REGIONS = ("GB", "US", "AU")


@register
class PhoneDetector:
    name = "phone"
    categories = ("PHONE",)

    def find(self, doc):
        for m in doc.finditer(_CANDIDATE, r"\d\d"):
            chunk = m.group()
            digits = re.sub(r"\D", "", chunk)
            if len(digits) < 8 or re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d", chunk):
                continue
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", chunk.strip()):
                continue  # an ISO date
            for region in REGIONS:
                found = False
                for pm in phonenumbers.PhoneNumberMatcher(
                        chunk, region, leniency=phonenumbers.Leniency.POSSIBLE):
                    s, e = m.start() + pm.start, m.start() + pm.end
                    yield Hit(s, e, "PHONE", region,
                              f"a phone number ({region} or international format)")
                    found = True
                if found:
                    break
