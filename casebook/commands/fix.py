"""`casebook fix FILE`: propose an anonymised rewrite, shown as a diff, written only with --write.

What it does with each checker finding:

- PERSON (and a name in an image's alt text): each distinct person gets one invented first
  name from a seeded pool, added to `pseudonyms:`. Mentions are grouped: "Priya Sharma",
  "Priya", "Priya's" and "Ms Sharma" are one person (a surname after a title, or alone,
  matches a full-name mention). Unflagged repeats of a known name are replaced too.
- ORG: a generalised description from the name's last word ("X University" -> "a
  university", "X Insurance" -> "an insurer"), "the ..." on later mentions, dropped when it
  only qualifies a noun ("the X head office" -> "the head office").
- LOCATION: "a city" / "another city" / "the city"; dropped when it qualifies a noun.
- DATE: the year goes ("September 2022" -> "September", "in 2019" -> "that year",
  "9 November 2021" -> "one day in November", "Q4 2023" -> "the fourth quarter").
- QUASI: the superlative is softened ("the only woman director on" -> "one of the few women
  directors on"), named awards and honours become generic.
- EMAIL, PHONE, URL, HANDLE, ID: replaced with neutral text ("(email withheld)"); a link to
  a leaking address keeps its text and loses its target.

Edits are made by span (offsets from the findings) on the original text: headings, lists,
links, front-matter layout and comments stay exactly as they were; the YAML is never
re-serialised. The result is checked again, and fixed again (a few rounds) when new findings
appear; whatever remains is reported. The same input and seed always give the same output.
A file that does not parse is never touched; `--write` first saves the original under
`.casebook-backup/<time>/` at the project root, outside the docs folder (MkDocs would publish
a backup kept next to the stories).
"""
from __future__ import annotations

import datetime as _dt
import difflib
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..story import Story, parse
from . import EXIT_ACTION, EXIT_OK, EXIT_USAGE, UsageError, display, guarded, main_for, settings
from .pseudonyms import POOL

MAX_ROUNDS = 4
BACKUP_DIR = ".casebook-backup"

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord)\.?"
_TITLE_RE = re.compile(r"^" + _TITLE + r"\s+")
_TITLE_WORDS = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame",
                "Lady", "Lord", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof."}
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_DETS = {"the", "this", "that", "its", "our", "their", "his", "her", "my", "your"}
# Words that end a noun phrase: a place or employer followed by one of these is not
# qualifying a noun ("in Leeds and ...", "the Leeds office" is).
_STOP = {"and", "or", "but", "in", "on", "at", "to", "of", "for", "with", "by", "from", "as",
         "is", "was", "are", "were", "be", "been", "had", "has", "have", "which", "who",
         "that", "where", "when", "while", "after", "before", "then", "than", "so", "if",
         "because", "said", "says", "told", "asked", "did", "does", "do", "will", "would",
         "could", "should", "can", "may", "might", "must", "not", "it", "he", "she", "they",
         "we", "i", "you", "a", "an", "the", "this", "its", "into", "onto", "over", "under",
         "until", "since", "through", "across", "about", "again", "also", "too"}
_COMMON_WORDS = {"will", "may", "rose", "mark", "grace", "hope", "joy", "faith", "dawn",
                 "sunny", "bill", "pat", "sue", "ray", "guy", "lance", "rich", "major", "new",
                 "art", "page", "hunter", "brown", "green", "white", "black", "young", "king",
                 "way", "june", "april", "august", "max", "sky", "summer", "autumn", "chase"}

# An employer's last word -> what kind of organisation to call it.
_ORG_NOUNS = {
    "university": "university", "college": "college", "school": "school",
    "academy": "academy", "institute": "institute", "council": "local council",
    "insurance": "insurer", "assurance": "insurer", "bank": "bank", "banking": "bank",
    "capital": "investment firm", "investments": "investment firm", "partners": "firm",
    "payments": "payments company", "pay": "payments company", "analytics": "analytics company",
    "homes": "housing company", "housing": "housing provider", "group": "group",
    "holdings": "group", "trust": "trust", "foundation": "foundation", "hospital": "hospital",
    "nhs": "health trust", "health": "health provider", "ltd": "company",
    "limited": "company", "plc": "company", "inc": "company", "llc": "company",
    "gmbh": "company", "ag": "company", "consulting": "consultancy",
    "consultancy": "consultancy", "consultants": "consultancy", "technologies":
    "technology company", "technology": "technology company", "tech": "technology company",
    "software": "software company", "systems": "technology company", "labs":
    "technology company", "digital": "digital agency", "energy": "energy company",
    "power": "energy company", "airlines": "airline", "airways": "airline", "air": "airline",
    "games": "sporting event", "foods": "food company", "food": "food company",
    "motors": "manufacturer", "engineering": "engineering firm", "pharma":
    "pharmaceutical company", "pharmaceuticals": "pharmaceutical company", "media":
    "media company", "retail": "retailer", "stores": "retailer", "logistics":
    "logistics company", "ministry": "government department", "department":
    "government department", "agency": "agency", "authority": "public body",
    "association": "association", "club": "club", "press": "publisher", "llp": "firm",
    "solicitors": "law firm", "law": "law firm", "hotels": "hotel group", "hotel": "hotel",
    "airport": "airport", "charity": "charity", "society": "society", "studios": "studio",
    "ventures": "venture firm", "telecom": "telecoms company", "telecoms": "telecoms company",
    "mobile": "telecoms company", "networks": "network company", "solutions": "company",
    "services": "service company", "industries": "manufacturer", "manufacturing":
    "manufacturer", "construction": "construction firm", "properties": "property company",
    "property": "property company", "realty": "property company", "mining": "mining company",
    "resources": "resources company", "oil": "energy company", "gas": "energy company",
    "shipping": "shipping company", "bakery": "bakery", "brewery": "brewery",
    "corporation": "corporation", "corp": "corporation", "co": "company", "company": "company",
}
_STREETISH = {"street", "road", "avenue", "lane", "square", "wharf", "park", "place", "way",
              "quay", "gardens", "terrace", "drive", "row", "hill", "bay", "centre", "center",
              "campus", "estate", "court", "house", "tower", "building"}

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH_ABBR = {m[:3]: m for m in _MONTHS} | {"Sept": "September"}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


# ----------------------------------------------------------------------------- results
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


@dataclass
class _Person:
    first: str | None
    last: str | None
    pseudonym: str
    names: set[str] = field(default_factory=set)     # every way the text wrote them


# ----------------------------------------------------------------------------- the fixer
def unparseable(story: Story) -> list[str]:
    """Why a story cannot be safely edited by span (empty: it can)."""
    if not story.text or story.front_matter_span == (0, 0) or (story.problems and
                                                               not story.meta):
        return [str(p) for p in story.problems] or [f"{story.path}: has no front-matter"]
    return []


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
    for _ in range(MAX_ROUNDS):
        current = parse(text, story.path)
        findings = check_story(current, config)
        if not findings:
            break
        rounds += 1
        edits = fixer.plan(current, findings)
        if not edits:
            break
        new_text = fixer.with_pseudonyms(_apply(current, edits))
        if _new_problems(new_text, story.path, base_problems):
            # A front-matter edit would break the YAML or a field: leave front-matter alone.
            fm_end = current.front_matter_span[1]
            edits = [e for e in edits if e.start >= fm_end]
            new_text = fixer.with_pseudonyms(_apply(current, edits)) if edits else text
            if new_text == text or _new_problems(new_text, story.path, base_problems):
                break
        fixer.edits.extend(edits)
        text = new_text
    final = parse(text, story.path)
    remaining = check_story(final, config)
    return FixResult(story.path, story.text, text, fixer.mapping, fixer.added_pseudonyms(),
                     fixer.edits, remaining, [], rounds, fixer.file_names(final))


def _new_problems(text: str, path: str, base: set) -> list:
    return [p for p in parse(text, path).problems if (p.key, p.message) not in base]


class _Fixer:
    def __init__(self, story: Story, seed: int):
        self.original = story
        words = {w.casefold() for w in re.findall(r"[^\W\d_]+", story.text)}
        taken = {n.casefold() for n in (*story.pseudonyms, *story.allow)}
        pool = [n for n in POOL if n.casefold() not in words and n.casefold() not in taken]
        random.Random(seed).shuffle(pool)
        self.pool = pool
        self.persons: list[_Person] = []
        self.orgs: dict[str, tuple[str, int]] = {}
        self.places: dict[str, tuple[str, int]] = {}
        self.seen: set[str] = set()          # orgs/places already mentioned once
        self.nouns: dict[str, int] = {}
        self.mapping: dict[str, str] = {}
        self.edits: list[Edit] = []
        self.declared = list(story.pseudonyms)

    # ---------------------------------------------------------------- pseudonyms
    def _next_name(self) -> str:
        if not self.pool:
            # The pool is used up (a story with dozens of people): invent more, still seeded.
            n = len(self.persons) + 1
            return f"Person{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}{n}"
        return self.pool.pop(0)

    def added_pseudonyms(self) -> list[str]:
        return [p.pseudonym for p in self.persons if p.pseudonym not in self.original.pseudonyms]

    def _person(self, name: str, titled: bool) -> _Person:
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
            p = _Person(first, last, self._next_name())
        else:
            token = tokens[-1]
            order = ("last", "first") if titled else ("first", "last")
            for attr in order:
                matches = [p for p in self.persons if getattr(p, attr) == token]
                if matches:
                    return matches[0]
            p = _Person(None, token, self._next_name()) if titled else \
                _Person(token, None, self._next_name())
        self.persons.append(p)
        return p

    def with_pseudonyms(self, text: str) -> str:
        names = [p.pseudonym for p in self.persons if p.pseudonym not in self.declared]
        if not names:
            return text
        story = parse(text, self.original.path)
        new = set_pseudonyms(story, names)
        if new is not None:
            self.declared.extend(names)
            return new
        return text

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

    # ---------------------------------------------------------------- planning
    def plan(self, story: Story, findings) -> list[Edit]:
        text = story.text
        hits = [Hit(f.start, f.end, f.category, f.text, f.rule) for f in findings]
        # Persons first, full names before single names, so "Ms Sharma" and "Priya" can be
        # matched to "Priya Sharma" wherever it appears.
        people = [h for h in hits if _is_person(h)]
        for h in sorted(people, key=lambda h: (-len(_clean_name(h.text)[0].split()), h.start)):
            name, titled = _clean_name(h.text)
            if name:
                self._person(name, titled or _title_before(text, h.start))
        hits += self._repeats(story, hits)
        edits = []
        for h in sorted(hits, key=lambda h: (h.start, -h.end)):
            e = self._edit(text, h, story)
            if e is not None:
                edits.append(e)
        return _non_overlapping(edits)

    def _repeats(self, story: Story, hits: list[Hit]) -> list[Hit]:
        """Unflagged mentions of a person, employer or place fix already knows."""
        text = story.text
        skip = _meta_ranges(story)
        covered = [(h.start, h.end) for h in hits] + skip
        out = []
        known: dict[str, str] = {}
        for p in self.persons:
            for n in (p.first, p.last, p.first and p.last and f"{p.first} {p.last}"):
                if n and len(n) >= 3 and n[0].isupper():
                    known[n] = "PERSON"
        for key in self.orgs:
            for n in self._spellings(key):
                known.setdefault(n, "ORG")
        for n in sorted(known, key=len, reverse=True):
            rx = re.compile(r"(?<![\w@/.-])" + re.escape(n) + r"(?![\w@/]|[.-]\w)")
            for m in rx.finditer(text):
                s, e = m.start(), m.end()
                if any(a < e and s < b for a, b in covered):
                    continue
                if n.casefold() in _COMMON_WORDS and _sentence_start(story, s):
                    continue
                out.append(Hit(s, e, known[n], n, "repeat"))
                covered.append((s, e))
        return out

    def _spellings(self, key: str) -> list[str]:
        return [k for k in self.mapping if _org_key(k) == key and len(k) >= 4]

    def _edit(self, text: str, h: Hit, story: Story) -> Edit | None:
        cat = h.category
        if _is_person(h):
            return self._person_edit(text, h, story)
        if cat == "ORG":
            return self._org_edit(text, h, story)
        if cat == "LOCATION":
            return self._place_edit(text, h, story)
        if cat == "DATE":
            return _date_edit(text, h, story)
        if cat == "QUASI":
            return _quasi_edit(text, h, story)
        if cat in ("EMAIL", "PHONE", "URL", "HANDLE", "ID"):
            return _contact_edit(text, h)
        return None      # IMAGE file names: the file itself must be renamed

    def _person_edit(self, text, h: Hit, story) -> Edit | None:
        name, titled = _clean_name(h.text)
        if not name:
            return None
        start, end = h.start, h.start + len(h.text.rstrip())
        m = _POSSESSIVE.search(text[start:end])
        if m:
            end = start + m.start()
        before = _title_before(text, start)
        if before:
            start = before
            titled = True
        p = self._person(name, titled)
        p.names.add(text[start:end])
        self.mapping[text[start:end]] = p.pseudonym
        return Edit(start, end, p.pseudonym, "PERSON", text[start:end])

    def _describe(self, table: dict, key: str, noun: str) -> tuple[str, int, bool]:
        """(noun, index among things of that noun, first mention?) for an org or place."""
        if key not in table:
            table[key] = (noun, self.nouns.get(noun, 0))
            self.nouns[noun] = self.nouns.get(noun, 0) + 1
        noun, idx = table[key]
        first = key not in self.seen
        self.seen.add(key)
        return noun, idx, first

    def _org_edit(self, text, h: Hit, story) -> Edit | None:
        start, end = h.start, h.end
        m = _POSSESSIVE.search(h.text)
        if m:
            end = start + m.start()
        name = text[start:end]
        key = _org_key(name)
        noun, idx, first = self._describe(self.orgs, key, _org_noun(name, text, start))
        self.mapping.setdefault(name, "")
        paren = _parenthetical(text, start, end)
        if paren:   # 'Telecoms (X UK)' -> 'Telecoms'
            self.mapping[name] = self.mapping[name] or "(dropped)"
            return Edit(paren[0], paren[1], "", "ORG", text[paren[0]:paren[1]])
        modifier = _modifier(text, start, end, story)
        if modifier:
            self.mapping[name] = self.mapping[name] or f"(dropped) / {_phrase(noun, idx, True)}"
            return _deletion(story, modifier, "ORG")
        new, start = _with_article(text, start, noun, idx, first)
        self.mapping[name] = self.mapping[name] or _phrase(noun, idx, True)
        return Edit(start, end, _case(story, start, new), "ORG", text[start:end])

    def _place_edit(self, text, h: Hit, story) -> Edit | None:
        start, end = h.start, h.end
        name = text[start:end]
        modifier = _modifier(text, start, end, story)
        if modifier:
            self.mapping.setdefault(name, "(dropped)")
            return _deletion(story, modifier, "LOCATION")
        last = name.split()[-1].casefold() if name.split() else ""
        noun = "part of town" if last in _STREETISH or h.rule in ("street-or-building", "site") \
            else "city" if h.rule == "city" else "place"
        noun, idx, first = self._describe(self.places, name.casefold(), noun)
        new, start = _with_article(text, start, noun, idx, first)
        self.mapping.setdefault(name, _phrase(noun, idx, True))
        return Edit(start, end, _case(story, start, new), "LOCATION", text[start:end])


# ----------------------------------------------------------------------------- helpers
def _is_person(h: Hit) -> bool:
    return h.category == "PERSON" or (h.category == "IMAGE" and h.rule == "alt-text")


def _clean_name(text: str) -> tuple[str, bool]:
    """'Ms Sharma' -> ('Sharma', True); "Priya's" -> ('Priya', False)."""
    name = " ".join(text.split())
    titled = bool(_TITLE_RE.match(name))
    name = _TITLE_RE.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" ,.;:")
    return name, titled


def _title_before(text: str, start: int) -> int | None:
    """Offset of a title ('Ms ', 'Dr. ') right before `start`, if there is one."""
    m = re.search(r"\b(" + _TITLE + r")\s+$", text[max(0, start - 12):start])
    return start - (len(text[max(0, start - 12):start]) - m.start(1)) if m else None


def _org_key(name: str) -> str:
    name = _POSSESSIVE.sub("", " ".join(name.split())).casefold()
    return re.sub(r"^the\s+", "", name)


def _org_noun(name: str, text: str, start: int) -> str:
    words = re.findall(r"[\w&]+", name)
    for w in reversed(words[1:] if len(words) > 1 else []):
        noun = _ORG_NOUNS.get(w.casefold())
        if noun:
            return noun
    return "organisation"


def _article(noun: str) -> str:
    if noun.startswith(("uni", "use", "eu", "one")):
        return "a"          # "a university", not "an university"
    return "an" if noun[0] in "aeiou" else "a"


def _phrase(noun: str, idx: int, first: bool) -> str:
    if first:
        return f"{_article(noun)} {noun}" if idx == 0 else f"another {noun}"
    return f"the {noun}" if idx == 0 else f"the other {noun}"


def _with_article(text: str, start: int, noun: str, idx: int, first: bool) -> tuple[str, int]:
    """The description for a mention, reusing a determiner already in the text."""
    m = re.search(r"(?<![\w'’])(the|The|this|This|that|That)\s+$", text[max(0, start - 8):start])
    if m:   # "the X Institute's" -> "the institute's"
        return (f"other {noun}" if idx else noun), start
    return _phrase(noun, idx, first), start


def _parenthetical(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A short aside that opens with the name, '(X UK)', with the space before it."""
    if text[start - 1:start] != "(" or start < 2 or text[start - 2] not in " \t":
        return None
    m = re.match(r"[^()\n]{0,30}\)", text[end:])
    if not m or text[start - 3:start - 2] in ("", "\n"):
        return None
    return start - 2, end + m.end()


def _modifier(text: str, start: int, end: int, story: Story | None = None
              ) -> tuple[int, int] | None:
    """When a name only qualifies the noun after it ('the Leeds office', 'this X
    operation', "the group's 2023 review"), the span to delete (with one space)."""
    before = text[max(0, start - 40):start]
    after = re.match(r"[ \t]+([a-z][\w-]*)", text[end:end + 40])
    if story is not None and after and after.group(1) not in _STOP:
        fm = story.front_matter_span
        if fm[0] <= start < fm[1] and re.search(r"(?:^|\n)[ \t]*(?:[\w-]+:[ \t]*|-[ \t]+)"
                                                r"[\"']?$", text[max(0, start - 60):start]):
            return start, end + 1     # "organisation: "X iron ore operations"" -> the rest
    m = re.search(r"(?:^|[\s(])([\w'’-]+)\s+$", before)
    if not m:
        return None
    det = m.group(1)
    if det.casefold() not in _DETS and not re.search(r"\w['’]s$", det):
        return None
    after = re.match(r"[ \t]+([\w-]+)", text[end:end + 40])
    if not after or after.group(1).casefold() in _STOP:
        return None
    # "the Leeds office": a following noun (or a following capitalised name, "the 2023 AGM").
    return start, end + 1


def _deletion(story: Story, span: tuple[int, int], category: str) -> Edit:
    """Delete a qualifying name; at the start of a sentence the next word takes the capital."""
    a, b = span
    text = story.text
    if b < len(text) and text[b].islower() and _sentence_start(story, a):
        return Edit(a, b + 1, text[b].upper(), category, text[a:b + 1])
    return Edit(a, b, "", category, text[a:b])


def _sentence_start(story: Story, pos: int) -> bool:
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


def _case(story: Story, pos: int, new: str) -> str:
    if new and new[0].islower() and _sentence_start(story, pos):
        return new[0].upper() + new[1:]
    return new


def _date_edit(text: str, h: Hit, story: Story) -> Edit | None:
    start, end, rule, t = h.start, h.end, h.rule, h.text
    modifier = _modifier(text, start, end, story)
    if rule == "year" and modifier:
        return _deletion(story, modifier, "DATE")
    if rule == "year":
        new = "those years" if re.search(r"[-–]", t) else "that year"
        m = re.search(r"\b([Ii]n)\s+$", text[max(0, start - 4):start])
        if m:
            start -= len(text[max(0, start - 4):start]) - m.start()
    elif rule in ("month-year", "season-year"):
        new = re.sub(r",?\s+(?:of\s+)?(?:" + _YEAR + r"|['’]\d\d)$", "", t)
        if new == t:
            new = "that year"
    elif rule in ("day-month", "month-day", "numeric"):
        month = next((m for m in _MONTHS if m in t), None) or next(
            (full for ab, full in _MONTH_ABBR.items() if re.search(r"\b" + ab + r"\b", t)), None)
        new = f"one day in {month}" if month else "one day that year"
        m = re.search(r"\b([Oo]n)\s+$", text[max(0, start - 4):start])
        if m:
            start -= len(text[max(0, start - 4):start]) - m.start()
    elif rule == "quarter-year":
        q = re.match(r"([QH])([1-4])", t)
        if q and q.group(1) == "Q":
            new = f"the {_ORDINALS[q.group(2)]} quarter"
        elif q:
            new = "the first half of the year" if q.group(2) == "1" else \
                "the second half of the year"
        else:
            new = "that financial year"
    else:
        new = re.sub(_YEAR, "that year", t) if re.search(_YEAR, t) else "that year"
    return Edit(start, end, _case(story, start, new), "DATE", text[start:end])


def _plural(word: str) -> str:
    irregular = {"person": "people", "woman": "women", "man": "men", "child": "children",
                 "chairman": "chairmen", "chairwoman": "chairwomen"}
    low = word.casefold()
    if low in irregular:
        out = irregular[low]
        return out.capitalize() if word[0].isupper() else out
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


_DISTINCTIONS = {"olympian": "athlete", "paralympian": "athlete", "laureate": "prize winner"}


def _plural_phrase(phrase: str) -> str:
    words = [_DISTINCTIONS.get(w.casefold(), w) for w in phrase.split()]
    if not words:
        return phrase
    head = len(words) - 1
    if "of" in words[1:]:
        head = words.index("of", 1) - 1
    out = []
    for i, w in enumerate(words):
        if i == head or (i < head and w.casefold() in ("woman", "man")):
            w = _plural(w)
        out.append(w)
    return " ".join(out)


_SUPER = {"only": "one of the few", "first": "one of the first", "youngest":
          "one of the youngest", "oldest": "one of the oldest", "last remaining":
          "one of the last"}


def _quasi_edit(text: str, h: Hit, story: Story) -> Edit | None:
    start, end, t, rule = h.start, h.end, h.text, h.rule
    new = None
    the = re.search(r"(?<![\w'’])([Tt]he)\s+$", text[max(0, start - 5):start])
    if rule in ("superlative-person", "youngest-ever", "superlative-history"):
        m = re.match(r"(first|only|youngest|oldest|last remaining)\b[ -]*(.*?)"
                     r"(?:[ -]+ever)?(?:\s+(to|on|in|at|of|ever|who|from|for))?$", t, re.S)
        if rule == "superlative-history":
            m2 = re.match(r"(first|only|youngest|oldest)\b[ -]*(.*?)\s+in (?:the|its|their|our|"
                          r"his|her) .*history$", t, re.S)
            if m2:
                new = f"{_SUPER[m2.group(1)]} {_plural_phrase(m2.group(2))}".rstrip()
        elif m:
            prep = m.group(3) if m.group(3) and m.group(3) != "ever" else ""
            noun = _plural_phrase(m.group(2)) if m.group(2) else "people"
            new = f"{_SUPER[m.group(1)]} {noun}" + (f" {prep}" if prep else "")
        if new and the:
            start -= len(text[max(0, start - 5):start]) - the.start()
        elif new:
            new = new.replace("one of the ", "one of ", 1) if re.search(
                r"\b(?:her|his|their|our|my)\s+$", text[max(0, start - 8):start]) else new
    elif rule == "sole":
        m = re.match(r"sole\s+(.*?)((?:\s+(?:on|in|at|of|for)\s+.*)?)$", t, re.S)
        if m:
            phrase = _plural_phrase(m.group(1))
            poss = re.search(r"(?:\b(?:the|The|a|an)\s+)?(?:[\w-]+\s+)?[\w-]+['’]s\s+$",
                             text[max(0, start - 60):start])
            if poss:
                owner = poss.group().strip()
                start -= len(text[max(0, start - 60):start]) - poss.start()
                new = f"one of {owner} {phrase}{m.group(2)}"
            else:
                new = f"one of the {phrase}{m.group(2)}"
                if the:
                    start -= len(text[max(0, start - 5):start]) - the.start()
    elif rule == "award":
        verb = t.split()[0]
        # Not "won an award": that still reads as a named award to the checker.
        new = {"won": "earned wide recognition", "winning": "earning wide recognition",
               "awarded": "given wide recognition", "received": "received wide recognition",
               "receiving": "receiving wide recognition", "named": "widely recognised",
               "scooped": "earned wide recognition", "picked": "earned wide recognition"}.get(
            verb.casefold(), "earned wide recognition")
        m = re.match(r"\s+(?:award|prize|medal|trophy)\b", text[end:end + 12])
        if m and not re.search(r"(?:award|prize|medal|trophy)$", t):
            end += m.end()
    elif rule == "distinction":
        low = t.casefold()
        if low in ("obe", "mbe", "cbe"):
            m = re.search(r",?\s*$", text[max(0, start - 3):start])
            start -= len(m.group()) if m else 0
            new = ""
        elif low in ("olympian", "paralympian"):
            new = "athlete"
        elif low.startswith(("olympic", "paralympic")):
            new = "international sporting honours"
        elif low == "knighted":
            new = "honoured"
        elif low == "nobel laureate":
            new = "prize winner"
        elif "record" in low:
            new = "record holder"
        elif "champion" in low:
            new = "champion"
    if new is None:
        return None
    return Edit(start, end, _case(story, start, new), "QUASI", text[start:end])


_NEUTRAL = {"EMAIL": "(email withheld)", "PHONE": "(number withheld)",
            "URL": "(link withheld)", "HANDLE": "(handle withheld)",
            "ID": "(reference withheld)"}


def _contact_edit(text: str, h: Hit) -> Edit:
    start, end = h.start, h.end
    new = _NEUTRAL[h.category]
    if h.category == "HANDLE" and h.text.startswith("#"):
        new = "(hashtag withheld)"
    # A Markdown link whose target leaks: keep the link text, lose the link.
    link = None
    for m in re.finditer(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)",
                         text[max(0, start - 300):end + 200]):
        s = max(0, start - 300) + m.start()
        e = max(0, start - 300) + m.end()
        if s <= start and end <= e and not m.group(1):
            target_start = max(0, start - 300) + m.start(3)
            if target_start <= start:
                link = (s, e, m.group(2))
                break
    if link:
        return Edit(link[0], link[1], link[2], h.category, text[link[0]:link[1]])
    if text[start - 1:start] == "<" and text[end:end + 1] == ">":
        start, end = start - 1, end + 1
    return Edit(start, end, new, h.category, text[start:end])


def _meta_ranges(story: Story) -> list[tuple[int, int]]:
    """Offsets of front-matter values that are metadata (pseudonyms, allow, date...)."""
    out = []
    root = _compose(story)
    if root is None:
        return out
    base = story.front_matter_span[0]
    for key, value in root.value:
        if str(key.value) in ("pseudonyms", "allow", "date", "kind", "consent", "draft"):
            out.append((base + key.start_mark.index, base + value.end_mark.index))
    return out


def _compose(story: Story):
    a, b = story.front_matter_span
    try:
        node = yaml.compose(story.text[a:b], Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    return node if isinstance(node, yaml.MappingNode) else None


def _scalars(node, base: int, out: list) -> None:
    if isinstance(node, yaml.ScalarNode):
        out.append((base + node.start_mark.index, base + node.end_mark.index, node.style))
    elif isinstance(node, yaml.SequenceNode):
        for n in node.value:
            _scalars(n, base, out)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _scalars(v, base, out)


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _apply(story: Story, edits: list[Edit]) -> str:
    """Apply span edits; inside front-matter scalars, escape for their quoting style."""
    text = story.text
    scalars: list = []
    root = _compose(story)
    if root is not None:
        _scalars(root, story.front_matter_span[0], scalars)
    parts, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        new = e.new
        for a, b, style in scalars:
            if a <= e.start < b:
                if style == "'":
                    new = new.replace("'", "''")
                elif style == '"':
                    new = new.replace("\\", "\\\\").replace('"', '\\"')
                break
        parts.append(text[pos:e.start])
        parts.append(new)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def set_pseudonyms(story: Story, names: list[str]) -> str | None:
    """`story.text` with `names` added to `pseudonyms:`, editing that one value in place
    (flow list, block list or a new line before the closing '---'); None if it cannot."""
    text = story.text
    root = _compose(story)
    base, fm_end = story.front_matter_span
    if root is None:
        return None
    for key, value in root.value:
        if str(key.value) != "pseudonyms":
            continue
        a, b = base + value.start_mark.index, base + value.end_mark.index
        if isinstance(value, yaml.SequenceNode) and value.flow_style:
            items = [text[base + n.start_mark.index:base + n.end_mark.index]
                     for n in value.value]
            return text[:a] + "[" + ", ".join(items + names) + "]" + text[b:]
        if isinstance(value, yaml.SequenceNode):
            last = value.value[-1]
            line_end = text.find("\n", base + last.end_mark.index)
            first_line_start = text.rfind("\n", 0, base + value.value[0].start_mark.index) + 1
            indent = re.match(r"[ \t]*-[ \t]*", text[first_line_start:]).group()
            line_end = len(text) if line_end < 0 else line_end
            # Only when the last item's line holds nothing else we cannot keep.
            return text[:line_end] + "".join(f"\n{indent}{n}" for n in names) + text[line_end:]
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            if a == b:
                colon = base + key.end_mark.index
                return text[:colon + 1] + " [" + ", ".join(names) + "]" + text[colon + 1:]
            return text[:a] + "[" + ", ".join(names) + "]" + text[b:]
        return None      # pseudonyms: is something else (invalid); leave it to the coach
    line = f"pseudonyms: [{', '.join(names)}]   # invented names (added by casebook fix)\n"
    return text[:fm_end] + line + text[fm_end:]


# ----------------------------------------------------------------------------- writing
def project_root(path: Path) -> Path:
    """The folder with mkdocs.yml (or .git) above `path`; else the current folder."""
    path = path.resolve()
    for d in path.parents:
        if (d / "mkdocs.yml").is_file() or (d / "mkdocs.yaml").is_file() or (d / ".git").exists():
            return d
    return Path.cwd().resolve()


def backup_path(path: Path, now: _dt.datetime | None = None) -> Path:
    """Where --write keeps the original: <root>/.casebook-backup/<UTC time>/<path from root>.

    Never inside the docs folder (mkdocs.yml's docs_dir; the story's own folder when there
    is no mkdocs.yml): MkDocs copies every non-Markdown file there into the published site."""
    path = path.resolve()
    root = project_root(path)
    docs = path.parent
    config = next((root / n for n in ("mkdocs.yml", "mkdocs.yaml") if (root / n).is_file()),
                  None)
    if config is not None:
        try:
            docs = settings(str(config)).docs_dir
        except UsageError:
            docs = path.parent
    base = root / BACKUP_DIR
    if base == docs or docs in base.parents:
        root = docs.parent
    stamp = (now or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return root / BACKUP_DIR / stamp / rel


def write_fixed(path: Path, original_bytes: bytes, new_text: str) -> Path:
    """Back up the original outside the docs folder, then replace the file atomically.
    Returns the backup's path."""
    if path.read_bytes() != original_bytes:
        raise UsageError(f"{display(path)} changed while fix was running; nothing written")
    backup = backup_path(path)
    backup.parent.mkdir(parents=True, exist_ok=True)
    with open(backup, "xb") as f:
        f.write(original_bytes)
    shutil.copymode(path, backup)
    data = new_text
    if b"\r\n" in original_bytes:
        data = data.replace("\n", "\r\n")
    raw = data.encode("utf-8")
    if original_bytes.startswith(b"\xef\xbb\xbf"):
        raw = b"\xef\xbb\xbf" + raw
    tmp = path.with_name(f".{path.name}.casebook-fix.tmp")
    with open(tmp, "wb") as f:
        f.write(raw)
    shutil.copymode(path, tmp)
    os.replace(tmp, path)
    return backup


# ----------------------------------------------------------------------------- command
def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "fix", help="propose an anonymised rewrite (consistent pseudonyms) as a diff",
        description="Propose an anonymised rewrite of each story: invented names (added to "
        "pseudonyms:), generalised employers, vaguer places and dates, contact details "
        "withheld. Shows a diff; writes only with --write, keeping the original under "
        ".casebook-backup/ at the project root. Exit 0 the result passes the checker, "
        "1 findings remain, 2 unreadable or invalid input.")
    p.add_argument("files", nargs="+", metavar="FILE", help="story files to fix")
    p.add_argument("--write", action="store_true",
                   help="write the rewrite (the original is kept under .casebook-backup/)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for choosing invented names (default 0; same seed, same names)")
    p.add_argument("--allow", action="append", metavar="TEXT",
                   help="a public name the checker may accept (repeatable)")
    p.add_argument("--config", metavar="MKDOCS_YML",
                   help="site config to read the casebook allow-list from "
                   "(default: ./mkdocs.yml)")
    p.set_defaults(func=run)


def _config(args):
    site = settings(getattr(args, "config", None))
    return site.check_config(allow=tuple(getattr(args, "allow", None) or ()))


def report_lines(result: FixResult) -> list[str]:
    out = []
    names = {old: new for old, new in result.mapping.items()}
    if result.pseudonyms:
        out.append(f"{result.path}: invented names added to pseudonyms: "
                   f"{', '.join(result.pseudonyms)}")
    for old, new in sorted(names.items(), key=lambda kv: result.original.find(kv[0])):
        out.append(f"  {old} -> {new}")
    n = len(result.edits)
    out.append(f"{result.path}: {n} edit(s) in {result.rounds} round(s); "
               + ("passes casebook check" if not result.remaining else
                  f"{len(result.remaining)} finding(s) remain for you to rewrite:"))
    for f in result.remaining:
        hint = " (rename the image file and its link)" if f.category == "IMAGE" else ""
        out.append(f"  {f.path}:{f.line}:{f.column}: {f.category} \"{f.text}\"{hint}")
    for u in result.unresolved:
        out.append(f"  {u}")
    if result.pseudonyms:
        out.append("  check each replacement: a quoted author or public figure belongs in "
                   "'allow:' instead of being renamed")
    return out


@guarded
def run(args) -> int:
    config = _config(args)
    worst = EXIT_OK
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"casebook fix: {name}: no such file", file=sys.stderr)
            worst = max(worst, EXIT_USAGE)
            continue
        original_bytes = path.read_bytes()
        story = parse(original_bytes, display(path))
        result = propose(story, args.seed, config)
        if result.problems:
            for p in result.problems:
                print(f"casebook fix: {p}", file=sys.stderr)
            print(f"casebook fix: {display(path)} does not parse; fix it by hand first "
                  "(nothing changed)", file=sys.stderr)
            worst = max(worst, EXIT_USAGE)
            continue
        if result.changed:
            sys.stdout.write(result.diff())
        for line in report_lines(result):
            print(line, file=sys.stderr)
        if args.write and result.changed:
            backup = write_fixed(path, original_bytes, result.new_text)
            print(f"casebook fix: wrote {display(path)}; the original is in {display(backup)}",
                  file=sys.stderr)
        elif result.changed:
            print("casebook fix: nothing written (run again with --write to apply)",
                  file=sys.stderr)
        worst = max(worst, EXIT_ACTION if result.remaining or result.unresolved else EXIT_OK)
    return worst


if __name__ == "__main__":
    sys.exit(main_for(add_parser))
