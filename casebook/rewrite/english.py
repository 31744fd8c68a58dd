"""Small English helpers for rewrites: a/an, plurals of a head noun, a capital at the start
of a sentence (in the body, a heading, a list item or a front-matter value)."""
from __future__ import annotations

import re

from ..story import Story
from .data import tables

_VOWEL_SOUND_EXCEPTIONS = ("uni", "use", "usu", "eu", "one", "once", "ubiq")
_SILENT_H = ("hour", "honest", "honour", "heir")


def article(word: str) -> str:
    """'a' or 'an' before `word` ("a university", "an insurer", "an hour")."""
    low = word.casefold()
    if not low:
        return "a"
    if low.startswith(_VOWEL_SOUND_EXCEPTIONS):
        return "a"
    if low.startswith(_SILENT_H):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def _irregular() -> dict[str, str]:
    return tables()["irregular_plurals"]


def is_plural(word: str) -> bool:
    """True for a plural noun form ("women", "partners", "directors"), false for a singular
    ending in s ("boss", "status", "analysis")."""
    low = word.casefold()
    if low in _irregular().values():
        return True
    if low in _irregular():
        return False
    if low.endswith(("ss", "us", "is", "ics")) or len(low) < 3:
        return False
    return low.endswith("s")


def plural(word: str) -> str:
    """The plural of one noun, keeping its capital; a plural is returned as it is."""
    if is_plural(word):
        return word
    low = word.casefold()
    irregular = _irregular()
    if low in irregular:
        out = irregular[low]
        return out.capitalize() if word[:1].isupper() else out
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def plural_phrase(phrase: str) -> str:
    """A noun phrase in the plural: only its head noun changes ("finance director" ->
    "finance directors"), plus a leading "woman"/"man" ("woman director" -> "women
    directors"); "head of sales" -> "heads of sales"."""
    words = phrase.split()
    if not words:
        return phrase
    head = len(words) - 1
    if "of" in words[1:]:
        head = words.index("of", 1) - 1
    out = []
    for i, w in enumerate(words):
        if i == head or (i < head and w.casefold() in ("woman", "man")):
            w = plural(w)
        out.append(w)
    return " ".join(out)


def sentence_start(story: Story, pos: int) -> bool:
    """Whether `pos` in story.text starts a sentence (so a rewrite there takes a capital)."""
    text = story.text
    line_start = text.rfind("\n", 0, pos) + 1
    prefix = text[line_start:pos]
    fm = story.front_matter_span
    if fm[0] <= pos < fm[1]:
        return bool(re.fullmatch(r"\s*(?:[\w-]+:\s*)?(?:-\s+)?[\"']?", prefix))
    stripped = prefix.rstrip(" \t*_\"“‘([")
    if stripped:
        return stripped[-1] in ".!?:" and not stripped.endswith("..")
    if re.fullmatch(r"[ \t]*(?:(?:#{1,6}|[-*+]|\d{1,3}[.)]|>)[ \t]*)*[\"“‘(\[*_]*", prefix) and \
            prefix.strip(" \t\"“‘([*_"):
        return True          # a heading or list item starts here
    prev_end = line_start - 1
    prev_start = text.rfind("\n", 0, max(prev_end, 0)) + 1
    prev = text[prev_start:max(prev_end, 0)].rstrip()
    if not prev or prev_end < story.body_offset or prev.startswith("#"):
        return True
    return prev[-1] in ".!?:"


def case(story: Story, pos: int, new: str) -> str:
    """`new` with a capital when it starts a sentence at `pos`."""
    if new and new[0].islower() and sentence_start(story, pos):
        return new[0].upper() + new[1:]
    return new
