"""propose(): an anonymised rewrite of a story, in rounds of check -> plan -> apply.

Each round runs the checker on the current text, plans one edit per finding (and per
unflagged repeat of a name already known), applies the edits by span on the text and adds
new pseudonyms to the front-matter. The result is checked again, and fixed again (a few
rounds) when new findings appear; whatever remains is reported. The same input and seed
always give the same output. A story that does not parse is never touched.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..story import Story, parse
from . import contacts, dates, orgs, places, quasi
from .data import termset
from .english import sentence_start
from .frontmatter import apply, meta_ranges, set_pseudonyms
from .people import People, is_person
from .spans import Descriptions, Edit, Hit, non_overlapping

__all__ = ["MAX_ROUNDS", "Edit", "FixResult", "Hit", "propose", "unparseable"]

MAX_ROUNDS = 4


@dataclass
class FixResult:
    path: str
    original: str
    new_text: str
    mapping: dict[str, str] = field(default_factory=dict)     # what was replaced -> by what
    pseudonyms: list[str] = field(default_factory=list)       # names added to pseudonyms:
    edits: list[Edit] = field(default_factory=list)           # every edit, all rounds
    remaining: list = field(default_factory=list)             # findings left after fixing
    problems: list[str] = field(default_factory=list)         # why nothing was proposed
    rounds: int = 0
    unresolved: list[str] = field(default_factory=list)       # left for the coach to do

    @property
    def changed(self) -> bool:
        return self.new_text != self.original

    @property
    def passes(self) -> bool:
        """The rewrite passes the checker (it may still leave `unresolved` work)."""
        return not self.problems and not self.remaining

    def diff(self, context: int = 2) -> str:
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}", n=context))


def unparseable(story: Story) -> list[str]:
    """Why a story cannot be safely edited by span (empty: it can)."""
    if not story.text or story.front_matter_span == (0, 0) or story.front is None or (
            story.problems and not story.meta):
        return [str(p) for p in story.problems] or [f"{story.path}: has no front-matter"]
    return []


class _CannotDeclare(Exception):
    """New pseudonyms cannot be added to the front-matter in place."""


def propose(story: Story, seed: int = 0, config=None) -> FixResult:
    """An anonymised rewrite of `story` (nothing is written). Deterministic per seed."""
    from ..checker import CheckConfig, check_story
    config = config or CheckConfig()
    problems = unparseable(story)
    if problems:
        return FixResult(story.path, story.text, story.text, problems=problems)
    fixer = _Fixer(story, seed)
    text = story.text
    base_problems = {(p.key, p.message) for p in story.problems}
    rounds = 0
    try:
        for _ in range(MAX_ROUNDS):
            current = parse(text, story.path)
            findings = check_story(current, config)
            if not findings:
                break
            rounds += 1
            edits = fixer.plan(current, findings)
            if not edits:
                break
            new_text = fixer.with_pseudonyms(apply(current, edits))
            if _new_problems(new_text, story.path, base_problems):
                # A front-matter edit would break the YAML or a field: leave it alone.
                fm_end = current.front_matter_span[1]
                edits = [e for e in edits if e.start >= fm_end]
                new_text = fixer.with_pseudonyms(apply(current, edits)) if edits else text
                if new_text == text or _new_problems(new_text, story.path, base_problems):
                    break
            fixer.edits.extend(edits)
            text = new_text
    except _CannotDeclare as e:
        return FixResult(story.path, story.text, story.text, problems=[str(e)])
    final = parse(text, story.path)
    remaining = check_story(final, config)
    return FixResult(story.path, story.text, text, fixer.mapping, fixer.added_pseudonyms(),
                     fixer.edits, remaining, [], rounds, fixer.people.file_names(final))


def _new_problems(text: str, path: str, base: set) -> list:
    return [p for p in parse(text, path).problems if (p.key, p.message) not in base]


def _function_word(f) -> bool:
    """A checker repeat that is a lowercase or function word ("of" from "X of Y Ltd"): a
    repeat must be a whole name, so it is never rewritten."""
    if f.rule != "repeat":
        return False
    t = f.text.strip()
    return not t[:1].isupper() or t.casefold() in termset("stop_words")


class _Fixer:
    def __init__(self, story: Story, seed: int):
        self.original = story
        self.people = People(story, seed)
        self.desc = Descriptions()
        self.mapping: dict[str, str] = {}
        self.edits: list[Edit] = []
        self.declared = list(story.pseudonyms)

    def added_pseudonyms(self) -> list[str]:
        return [p.pseudonym for p in self.people.persons
                if p.pseudonym not in self.original.pseudonyms]

    def with_pseudonyms(self, text: str) -> str:
        names = [p.pseudonym for p in self.people.persons if p.pseudonym not in self.declared]
        if not names:
            return text
        new = set_pseudonyms(parse(text, self.original.path), names)
        if new is None:
            raise _CannotDeclare(
                f"{self.original.path}: cannot add {', '.join(names)} to 'pseudonyms:' "
                "without changing another field; make it a plain list (pseudonyms: [...]) "
                "and run fix again (nothing changed)")
        self.declared.extend(names)
        return new

    def plan(self, story: Story, findings) -> list[Edit]:
        text = story.text
        hits = [Hit(f.start, f.end, f.category, f.text, f.rule) for f in findings
                if not _function_word(f)]
        self.people.learn(text, hits)
        hits += self._repeats(story, hits)
        edits = []
        for h in sorted(hits, key=lambda h: (h.start, -h.end)):
            e = self._edit(story, h)
            if e is not None:
                edits.append(e)
        return non_overlapping(edits)

    def _repeats(self, story: Story, hits: list[Hit]) -> list[Hit]:
        """Unflagged mentions of a person or employer fix already knows: whole names only
        (a repeat is never a short or lowercase word such as "of")."""
        text = story.text
        covered = [(h.start, h.end) for h in hits] + meta_ranges(story)
        out = []
        known: dict[str, str] = {n: "PERSON" for n in self.people.known_names()}
        for key in self.desc.keys("ORG"):
            for n in orgs.spellings(self.mapping, key):
                known.setdefault(n, "ORG")
        common = termset("common_words")
        for n in sorted(known, key=len, reverse=True):
            rx = re.compile(r"(?<![\w@/.-])" + re.escape(n) + r"(?![\w@/]|[.-]\w)")
            for m in rx.finditer(text):
                s, e = m.start(), m.end()
                if any(a < e and s < b for a, b in covered):
                    continue
                if n.casefold() in common and sentence_start(story, s):
                    continue
                out.append(Hit(s, e, known[n], n, "repeat"))
                covered.append((s, e))
        return out

    def _edit(self, story: Story, h: Hit) -> Edit | None:
        cat = h.category
        if is_person(h):
            return self.people.edit(story.text, h, self.mapping)
        if cat == "ORG":
            return orgs.edit(story, h, self.desc, self.mapping)
        if cat == "LOCATION":
            return places.edit(story, h, self.desc, self.mapping)
        if cat == "DATE":
            return dates.edit(story, h)
        if cat == "QUASI":
            return quasi.edit(story, h)
        if cat in contacts.CATEGORIES:
            return contacts.edit(story.text, h)
        return None      # IMAGE file names: the file itself must be renamed
