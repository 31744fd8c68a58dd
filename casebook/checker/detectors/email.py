"""EMAIL: plain addresses and the obfuscated forms coaches use ('name [at] firm [dot] io')."""
from __future__ import annotations

import re

from ..registry import NO_PRIOR, Hit

_PLAIN = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w@])")
_AT = r"\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>|\s+at\s+)\s*"
_DOT = r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|<\s*dot\s*>|\s+dot\s+)\s*"
_OBFUSCATED = re.compile(r"(?<![\w.])[\w.+-]+" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)+",
                         re.I)
# "priya (at) firm.com": a bracketed 'at' before a real domain.
_HALF = re.compile(r"(?<![\w.])[\w.+-]+\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>)"
                   r"\s*[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", re.I)


CATEGORIES = ("EMAIL",)


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    out = [Hit(m.start(), m.end(), "EMAIL", "address", "an email address")
           for m in doc.finditer(_PLAIN, "@")]
    out += [Hit(m.start(), m.end(), "EMAIL", "obfuscated",
                "an email address written with a bracketed 'at'")
            for m in doc.finditer(_HALF, r"(?i:[\[({<]\s*at\s*[\])}>])", fold=True)]
    for m in doc.finditer(_OBFUSCATED, r"(?i:\bdot\b)", fold=True):
        # "met at lunch dot com" is not an address; bracketed forms always are.
        if "[" in m.group() or "(" in m.group() or re.search(
                r"dot\s+(?:com|org|net|io|co|uk|ac|gov|edu|de|fr|in|au)\b", m.group(), re.I):
            out.append(Hit(m.start(), m.end(), "EMAIL", "obfuscated",
                           "an email address written with 'at' and 'dot'"))
    return out
