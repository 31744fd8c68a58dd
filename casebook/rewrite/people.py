"""Persons and their pseudonyms: mentions grouped into people ("Priya Sharma", "Priya",
"Priya's", "Ms Sharma" are one), each given one invented first name from the seeded POOL
(casebook/data/pseudonyms.txt)."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ..story import Story
from .data import terms
from .spans import POSSESSIVE, Edit, Hit

TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord)\.?"
_TITLE_RE = re.compile(r"^" + TITLE + r"\s+")


def pool() -> tuple[str, ...]:
    """The invented first names fix draws from, in file order (read once)."""
    return terms("pseudonyms")


@dataclass
class Person:
    first: str | None
    last: str | None
    pseudonym: str
    names: set[str] = field(default_factory=set)     # every way the text wrote them


def is_person(h: Hit) -> bool:
    return h.category == "PERSON" or (h.category == "IMAGE" and h.rule == "alt-text")


def clean_name(text: str) -> tuple[str, bool]:
    """'Ms Sharma' -> ('Sharma', True); "Priya's" -> ('Priya', False)."""
    name = " ".join(text.split())
    titled = bool(_TITLE_RE.match(name))
    name = _TITLE_RE.sub("", name)
    name = POSSESSIVE.sub("", name).strip(" ,.;:")
    return name, titled


def title_before(text: str, start: int) -> int | None:
    """Offset of a title ('Ms ', 'Dr. ') right before `start`, if there is one."""
    m = re.search(r"\b(" + TITLE + r")\s+$", text[max(0, start - 12):start])
    return start - (len(text[max(0, start - 12):start]) - m.start(1)) if m else None


class People:
    """The persons of one story and the pseudonyms given to them (deterministic per seed)."""

    def __init__(self, story: Story, seed: int):
        words = {w.casefold() for w in re.findall(r"[^\W\d_]+", story.text)}
        taken = {n.casefold() for n in (*story.pseudonyms, *story.allow)}
        names = [n for n in pool() if n.casefold() not in words and n.casefold() not in taken]
        random.Random(seed).shuffle(names)
        self.pool = names
        self.persons: list[Person] = []

    def _next_name(self) -> str:
        if not self.pool:
            # The pool is used up (a story with dozens of people): invent more, still seeded.
            n = len(self.persons) + 1
            return f"Person{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}{n}"
        return self.pool.pop(0)

    def person(self, name: str, titled: bool) -> Person:
        tokens = name.split()
        if len(tokens) >= 2 and not titled:
            first, last = tokens[0], tokens[-1]
            for p in self.persons:
                if p.first == first and p.last == last:
                    return p
            for p in self.persons:
                if (p.first == first and p.last is None) or (p.last == last and p.first is None):
                    p.first, p.last = first, last
                    return p
            p = Person(first, last, self._next_name())
        else:
            token = tokens[-1]
            order = ("last", "first") if titled else ("first", "last")
            for attr in order:
                matches = [p for p in self.persons if getattr(p, attr) == token]
                if matches:
                    return matches[0]
            p = Person(None, token, self._next_name()) if titled else \
                Person(token, None, self._next_name())
        self.persons.append(p)
        return p

    def learn(self, text: str, hits: list[Hit]) -> None:
        """Meet every person of `hits`, full names before single names, so "Ms Sharma" and
        "Priya" can be matched to "Priya Sharma" wherever it appears."""
        people = [h for h in hits if is_person(h)]
        for h in sorted(people, key=lambda h: (-len(clean_name(h.text)[0].split()), h.start)):
            name, titled = clean_name(h.text)
            if name:
                self.person(name, titled or title_before(text, h.start) is not None)

    def known_names(self) -> list[str]:
        """Spellings a repeat may be matched by (whole names of 3+ letters, capitalised)."""
        out = []
        for p in self.persons:
            for n in (p.first, p.last, p.first and p.last and f"{p.first} {p.last}"):
                if n and len(n) >= 3 and n[0].isupper():
                    out.append(n)
        return out

    def edit(self, text: str, h: Hit, mapping: dict[str, str]) -> Edit | None:
        name, titled = clean_name(h.text)
        if not name:
            return None
        start, end = h.start, h.start + len(h.text.rstrip())
        m = POSSESSIVE.search(text[start:end])
        if m:
            end = start + m.start()
        before = title_before(text, start)
        if before is not None:
            start = before
            titled = True
        p = self.person(name, titled)
        p.names.add(text[start:end])
        mapping[text[start:end]] = p.pseudonym
        return Edit(start, end, p.pseudonym, "PERSON", text[start:end])

    def file_names(self, story: Story) -> list[str]:
        """Link and image targets that still carry a real name: fix cannot rename files."""
        tokens = {n.casefold() for p in self.persons for n in (p.first, p.last)
                  if n and len(n) >= 3}
        out = []
        for m in re.finditer(r"\]\(\s*<?([^)\s>]+)|\bsrc\s*=\s*[\"']([^\"']+)", story.text):
            target = m.group(1) or m.group(2)
            low = target.casefold()
            hit = sorted(t for t in tokens if re.search(r"(?<![a-z])" + re.escape(t) +
                                                        r"(?![a-z])", low))
            if hit:
                line = story.line_of(m.start())
                out.append(f"{story.path}:{line}: the file or link '{target}' still contains "
                           f"the name '{hit[0]}': rename the file and update the link by hand")
        return out
