"""QUASI: descriptions that single one person out are softened ("the only woman director
on" -> "one of the few women directors on", "the youngest ever finance director" -> "one
of the youngest finance directors"); named awards and honours become generic.

A superlative is rewritten inside the finding's span and its determiner only ("the", "a",
"her", "the firm's"); only the head noun takes the plural; a phrase already softened ("one
of the first engineers to") is rewritten as a whole, never prefixed again, so fixing a
fixed text changes nothing."""
from __future__ import annotations

import re

from ..story import Story
from .data import tables
from .english import case, plural_phrase
from .spans import Edit, Hit

_SUPERLATIVE_RULES = ("superlative-person", "youngest-ever", "superlative-ever",
                      "superlative-history")
_SUPER = r"(first|only|youngest|oldest|last remaining)"
_PREP = r"(?:to|on|in|at|of|who|from|for)"
_PRONOUN_DETS = ("her", "his", "their", "our", "my", "its", "your")
_DET = re.compile(r"(?<![\w'’])((?:[Tt]he\s+)?[\w-]+['’]s|[Tt]he|[Aa]n?|[Hh]er|[Hh]is|[Tt]heir"
                  r"|[Oo]ur|[Mm]y|[Ii]ts|[Yy]our)\s+$")
_ONE_OF = re.compile(r"(?<![\w'’])[Oo]ne\s+of\s+$")


def _patterns():
    from ..checker.detectors.quasi import PATTERNS
    return PATTERNS


def _still_singles_out(phrase: str, after: str) -> bool:
    """Whether the checker's QUASI patterns would still match the rewritten phrase."""
    probe = phrase + after
    return any(m.start() < len(phrase) for _rule, rx in _patterns() for m in rx.finditer(probe))


def _determiner(text: str, start: int) -> tuple[int, str]:
    """(new start, determiner to keep) for what stands before a superlative: "the"/"a"
    become "the"; "her"/"the firm's" are kept; an earlier "one of" is absorbed."""
    lo = max(0, start - 60)
    m = _DET.search(text[lo:start])
    det = "the"
    if m:
        word = m.group(1)
        if word.casefold() in ("the", "a", "an"):
            det = "the"
        elif word.casefold() in _PRONOUN_DETS:
            det = word.casefold()
        else:
            det = re.sub(r"^The\b", "the", word)
        start = lo + m.start()
    one = _ONE_OF.search(text[max(0, start - 12):start])
    if one:
        start = max(0, start - 12) + one.start()
    return start, det


def _superlative(story: Story, h: Hit) -> Edit | None:
    text, t = story.text, h.text
    m = re.match(_SUPER + r"\b[ -]*(.*?)$", t, re.S)
    if not m:
        return None
    word, rest = m.group(1), m.group(2)
    history = re.search(r"\s+in (?:the|its|their|our|his|her) .*history$", rest, re.S)
    prep = ""
    if history:
        rest = rest[:history.start()]       # "in the firm's history": the whole tail goes
    else:
        p = re.search(r"\s+(" + _PREP + r")$", rest)
        if p:
            prep, rest = p.group(1), rest[:p.start()]
    known = tables()["distinctions"]
    words = [known.get(w.casefold()) or w for w in re.split(r"[ -]+", rest.strip())
             if w and w.casefold() != "ever"]
    noun = plural_phrase(" ".join(words)) if words else "people"
    start, det = _determiner(text, h.start)
    forms = tables()["superlatives"][word]
    tail = f" {prep}" if prep else ""
    new = f"one of {det} {forms[0]} {noun}{tail}"
    if _still_singles_out(new, text[h.end:h.end + 80]):
        new = f"one of {det} {forms[1]} {noun}{tail}"
    return Edit(start, h.end, case(story, start, new), "QUASI", text[start:h.end])


def _sole(story: Story, h: Hit) -> Edit | None:
    text, t = story.text, h.text
    m = re.match(r"sole\s+(.*?)((?:\s+(?:on|in|at|of|for)\s+.*)?)$", t, re.S)
    if not m:
        return None
    start, det = _determiner(text, h.start)
    new = f"one of {det} {plural_phrase(m.group(1))}{m.group(2)}"
    return Edit(start, h.end, case(story, start, new), "QUASI", text[start:h.end])


def _award(story: Story, h: Hit) -> Edit:
    text, t = story.text, h.text
    start, end = h.start, h.end
    verb = t.split()[0].casefold()
    # Not "won an award": that still reads as a named award to the checker.
    verbs = tables()["award_verbs"]
    new = verbs.get(verb, verbs["won"])
    m = re.match(r"\s+(?:award|prize|medal|trophy)\b", text[end:end + 12])
    if m and not re.search(r"(?:award|prize|medal|trophy)$", t):
        end += m.end()
    return Edit(start, end, case(story, start, new), "QUASI", text[start:end])


def _distinction(story: Story, h: Hit) -> Edit | None:
    text, t = story.text, h.text
    start, end = h.start, h.end
    low = t.casefold()
    known = tables()["distinctions"]
    new = None
    if low in known:
        new = known[low]
        if not new:      # ", OBE" goes with its comma
            m = re.search(r",?\s*$", text[max(0, start - 3):start])
            start -= len(m.group()) if m else 0
    elif low.startswith(("olympic", "paralympic")):
        new = "international sporting honours"
    elif "record" in low:
        new = "record holder"
    elif "champion" in low:
        new = "champion"
    if new is None:
        return None
    return Edit(start, end, case(story, start, new), "QUASI", text[start:end])


def edit(story: Story, h: Hit) -> Edit | None:
    if h.rule in _SUPERLATIVE_RULES:
        return _superlative(story, h)
    if h.rule == "sole":
        return _sole(story, h)
    if h.rule == "award":
        return _award(story, h)
    if h.rule == "distinction":
        return _distinction(story, h)
    return None
