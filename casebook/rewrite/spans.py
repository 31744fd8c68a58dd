"""What the rewriters work from and produce (Hit, Edit) and the span helpers they share:
a name that only qualifies a noun, the description with its article, a deletion."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..story import Story
from .data import termset
from .english import article, is_plural, sentence_start

POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


@dataclass(frozen=True)
class Hit:
    """What fix works from: a checker finding, or a repeat of a name fix already knows."""

    start: int
    end: int
    category: str
    text: str
    rule: str = ""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str
    category: str
    old: str


def phrase(noun: str, idx: int, first: bool) -> str:
    """'a university' / 'another university' / 'the university' / 'the other university'."""
    if first:
        return f"{article(noun)} {noun}" if idx == 0 else f"another {noun}"
    return f"the {noun}" if idx == 0 else f"the other {noun}"


def with_article(text: str, start: int, noun: str, idx: int, first: bool) -> tuple[str, int]:
    """The description for a mention, reusing a determiner already in the text."""
    m = re.search(r"(?<![\w'’])(the|The|this|This|that|That)\s+$", text[max(0, start - 8):start])
    if m:   # "the X Institute's" -> "the institute's"
        return (f"other {noun}" if idx else noun), start
    a = re.search(r"(?<![\w'’])(an?|An?)\s+$", text[max(0, start - 5):start])
    if a:   # "is an X" -> "is an organisation", never "an an organisation"
        start = max(0, start - 5) + a.start()
        return (f"{article(noun)} {noun}" if idx == 0 else f"another {noun}"), start
    return phrase(noun, idx, first), start


def modifier(text: str, start: int, end: int, story: Story | None = None
             ) -> tuple[int, int] | None:
    """When a name only qualifies the noun after it ('the Leeds office', 'this X
    operation', "the group's 2023 review"), the span to delete (with one space)."""
    stop = termset("stop_words")
    before = text[max(0, start - 40):start]
    after = re.match(r"[ \t]+([a-z][\w-]*)", text[end:end + 40])
    if story is not None and after and after.group(1) not in stop:
        fm = story.front_matter_span
        if fm[0] <= start < fm[1] and re.search(r"(?:^|\n)[ \t]*(?:[\w-]+:[ \t]*|-[ \t]+)"
                                                r"[\"']?$", text[max(0, start - 60):start]):
            return start, end + 1     # "organisation: "X iron ore operations"" -> the rest
    m = re.search(r"(?:^|[\s(])([\w'’-]+)\s+$", before)
    det = m.group(1) if m else ""
    if det.casefold() not in termset("determiners") and not re.search(r"\w['’]s$", det):
        # No determiner: only a plural noun after it ("X headteachers and ...").
        if after and after.group(1) not in stop and is_plural(after.group(1)):
            return start, end + 1
        return None
    after = re.match(r"[ \t]+([\w-]+)", text[end:end + 40])
    if not after or after.group(1).casefold() in stop:
        return None
    # "the Leeds office": a following noun (or a following capitalised name, "the 2023 AGM").
    return start, end + 1


def deletion(story: Story, span: tuple[int, int], category: str) -> Edit:
    """Delete a qualifying name; at the start of a sentence the next word takes the capital."""
    a, b = span
    text = story.text
    if b < len(text) and text[b].islower() and sentence_start(story, a):
        return Edit(a, b + 1, text[b].upper(), category, text[a:b + 1])
    return Edit(a, b, "", category, text[a:b])


def parenthetical(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A short aside that opens with the name, '(X UK)', with the space before it."""
    if text[start - 1:start] != "(" or start < 2 or text[start - 2] not in " \t":
        return None
    m = re.match(r"[^()\n]{0,30}\)", text[end:])
    if not m or text[start - 3:start - 2] in ("", "\n"):
        return None
    return start - 2, end + m.end()


def non_overlapping(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


class Descriptions:
    """One generic noun per employer or place ("a university", later "the university"; a
    second one is "another university"): shared by orgs and places."""

    def __init__(self):
        self.tables: dict[str, dict[str, tuple[str, int]]] = {"ORG": {}, "LOCATION": {}}
        self.seen: set[tuple[str, str]] = set()      # mentioned once already
        self.nouns: dict[str, int] = {}

    def describe(self, kind: str, key: str, noun: str) -> tuple[str, int, bool]:
        """(noun, index among things of that noun, first mention?)."""
        table = self.tables[kind]
        if key not in table:
            table[key] = (noun, self.nouns.get(noun, 0))
            self.nouns[noun] = self.nouns.get(noun, 0) + 1
        noun, idx = table[key]
        first = (kind, key) not in self.seen
        self.seen.add((kind, key))
        return noun, idx, first

    def keys(self, kind: str) -> list[str]:
        return list(self.tables[kind])
