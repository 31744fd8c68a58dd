"""The proper-noun detector's evidence ladder: small named rules, strongest first.

A run of capitalised words ("Ms Sharma", "Halvorsen Institute", "Portrait Thaddeus Okafor")
climbs `RUN_LADDER`; the first rule with an opinion decides. A rule returns None (no
opinion: the next rule looks), a list of items (decided: `Hit`s, or `Ask`s for spaCy's NER,
or nothing at all when the run is explained away), or a narrower `RunEvidence` (some words
explained away, the rest climbs on). When no run rule decides, the run is cut into groups of
name-like words and each group climbs `GROUP_LADDER` the same way.

Each rule is a plain function of its evidence, with its own table test
(tests/checker/test_ladder.py); the codes of the rules that make findings are in
`casebook/data/rules.yaml` (see `checker/rules.py`).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .. import gazetteers as gz
from .. import lexicon
from ..registry import Hit
from . import citing

_POSS = re.compile(r"['’]s$|['’]$")     # the definition of `Word.poss`
_POSS_S, _APOSTROPHES = ("'s", "’s"), ("'", "’")
ORG_CUES_BEFORE = lexicon.term_set("cues/org_before")     # "joined X", "at X"
STRONG_ORG_CUES = lexicon.term_set("cues/org_strong")     # strong enough on their own
ORG_CUES_AFTER = lexicon.term_set("cues/org_after")       # "X's board"
KIN = lexicon.term_set("cues/kin")                        # "X's husband", "X's team"
PLACE_CUES_BEFORE = lexicon.term_set("cues/place_before")  # "in X", "moved to X"
SITE_AFTER = {w.split()[0].lower() for w in lexicon.SITE_WORDS}
STOP = lexicon.STOP_CAPS | gz.NATIONALITIES | set(lexicon.HONORIFICS)
PERSON_VERBS = lexicon.PERSON_VERBS
# Verbs after a sentence-initial word that make it a person ("Will said"), but not the
# copulas and modals that follow ordinary nouns too ("Hope is not a strategy").
NARRATIVE_VERBS = PERSON_VERBS - lexicon.term_set("cues/non_narrative_verbs")
PEOPLE_AFTER = lexicon.term_set("cues/people_after") | lexicon.PERSON_NOUNS  # "Joy's manager"
SENTIENT_VERBS = lexicon.term_set("cues/sentient_verbs")  # "Joy felt that ..."
TEAM_AFTER_FROM = lexicon.term_set("cues/team_after_from")  # "Mark from the payroll team"
_FROM_TEAM = re.compile(r"\s+from\s+(?:the\s+|our\s+|their\s+|her\s+|his\s+)?"
                        r"([\w&-]+)(?:\s+([\w-]+))?")
_SUBJECT = re.compile(r"\s+(?:that|she|he|they|we|I|it)\b")
APPOSITIVE = re.compile(r",\s+(?:her|his|their|our|my|the|a|an)\s+[a-z]")
PERSONAL_TITLES = lexicon.term_set("cues/personal_titles")
ORG_HEADS = lexicon.term_set("lexicon/org_heads")          # "Ministry (of …)"
INITIALS_CUES = lexicon.term_set("cues/initials_before")   # "client JB", "coachee MK"
CODE = re.compile(r"[A-Z]{1,2}\d{1,2}[a-z]?")     # B2, C1, G7, A4: levels, sizes, groups
ACRONYM_SHAPE = re.compile(r"[A-Z][A-Z&]{1,5}")
ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z&]+s")
_ACRONYM_HEAD = re.compile(r"[A-Z][A-Z&]{1,5}s?")


class Word:
    __slots__ = ("text", "start", "end", "poss", "after_connector")

    def __init__(self, text: str, start: int, end: int):
        self.after_connector = False
        self.start = start
        # `_POSS`: a possessive "'s" or "’s", or a bare apostrophe, at the end. Tested on
        # the last character first: most words end in neither (a story has ~120 of them).
        last = text[-1:]
        if last == "s":
            cut = 2 if text[-2:-1] in _APOSTROPHES else 0
        else:
            cut = 1 if last in _APOSTROPHES else 0
        if cut and len(text) > 2:
            self.poss = True
            text = text[:-cut]
        else:
            self.poss = False
        self.text = text
        self.end = start + len(text)


class Ask(NamedTuple):
    """A span only spaCy's NER can label, for the rule `rule`; `why` starting with '?' is
    weak evidence (a name only when NER agrees: rule `ner-agrees`)."""
    start: int
    end: int
    why: str
    rule: str = "unknown-name"


def stop(word: str, doc) -> bool:
    """Explained away on its own: a title or governance word, a nationality, a region, an
    allowed word, an acronym of general business vocabulary, a level code (B2), a letter."""
    base = word.rstrip(".")
    if base in STOP or base in doc.allow_words or base in gz.regions():
        return True
    if base.upper() == base and len(base) <= 6 and base.rstrip("s") in lexicon.ACRONYMS:
        return True
    if len(base) == 1 or CODE.fullmatch(base):
        return True
    if base.endswith("s") and base[:-1] in STOP:
        return True
    return "-" in base and all(p in STOP or not p for p in base.split("-"))


def in_italics(doc, s, e) -> bool:
    """Is the span the whole of an emphasised phrase (*The Charisma Myth*, _Range_)?"""
    ls = doc.line_starts[doc.line_index(s)]
    head = doc.scan[ls:s]
    m = re.search(r"([*_])(?:The |A |An )?$", head)
    return bool(m) and doc.scan[e:e + 1] == m.group(1)


# ============================================================================ runs
class RunEvidence:
    """What a rule knows about a run of capitalised words."""

    __slots__ = ("doc", "run", "words", "last", "weak", "first", "cities")

    def __init__(self, doc, run, first, cities, weak=None):
        self.doc, self.run, self.first, self.cities = doc, run, first, cities
        self.words = [w.text for w in run]
        self.last = self.words[-1].rstrip(".")
        self.weak = doc.is_weak(run[0].start) if weak is None else weak

    def narrowed(self, run) -> "RunEvidence":
        return RunEvidence(self.doc, run, self.first, self.cities, self.weak)

    def head_words(self, *, connectors: bool) -> list[Word]:
        """The words before the last that are not explained away (nor connectors)."""
        return [w for w in self.run[:-1] if not stop(w.text, self.doc) and
                not (connectors and w.text in lexicon.CONNECTORS)]


def honorific(ev: RunEvidence):
    """Rule `honorific`: "Ms Sharma", "Dr Okafor" → PERSON (the whole run)."""
    if ev.words[0].rstrip(".") in PERSONAL_TITLES and len(ev.run) > 1 and \
            not stop(ev.words[1], ev.doc):
        return [Hit(ev.run[0].start, ev.run[-1].end, "PERSON", "honorific",
                    f"'{ev.words[0]}' before a name")]
    return None


def fixed_phrase(ev: RunEvidence):
    """Explanation `fixed-phrase`: titles and tools that are no names ("Lance Corporal",
    "Google Docs") leave the run; what is left climbs on."""
    joined = " ".join(ev.words)
    for phrase in lexicon.PHRASES:
        if phrase in joined:
            rest = [w for w in ev.run if w.text not in phrase.split()]
            return ev.narrowed(rest) if rest else []
    return None


def instrument(ev: RunEvidence):
    """Explanation `instrument`: a model or instrument named after its authors ("the
    Thomas-Kilmann Instrument", "the X model") is public knowledge."""
    if len(ev.run) > 1 and ev.last in lexicon.INSTRUMENT_SUFFIXES:
        return []
    nxt = ev.doc.after(ev.run[-1].end, 1)
    if nxt and nxt[0].capitalize() in lexicon.INSTRUMENT_SUFFIXES:
        return []
    return None


def org_suffix(ev: RunEvidence):
    """Rule `suffix`: a name before an organisation word ("Northgate Partners", "Halvorsen
    Institute") → ORG. After a weak suffix ("Group", "Services"), or at a sentence start, the
    head must be a name itself (no English word, a city, a first name, an acronym) or follow
    a strong organisation cue."""
    if ev.last not in lexicon.ORG_SUFFIXES or len(ev.run) < 2:
        return None
    head = ev.head_words(connectors=True)
    strong_head = [w for w in head if not gz.is_word(w.text) or w.text in ev.cities or
                   w.text in ev.first or ACRONYM_SHAPE.fullmatch(w.text)]
    before = ev.doc.before(head[0].start, 1) if head else []
    cued = bool(before) and before[-1] in STRONG_ORG_CUES
    if strong_head or cued or (head and ev.last not in lexicon.WEAK_ORG_SUFFIXES and
                               not ev.weak):
        start = head[0].start if head else ev.run[0].start
        return [Hit(start, ev.run[-1].end, "ORG", "suffix",
                    f"a name followed by the organisation word '{ev.last}'")]
    return None


def org_head_of(ev: RunEvidence):
    """Rule `org-head-of`: an organisation head noun, "of/for", a capitalised name
    ("Ministry of Quay Affairs", "Institute for Fen Studies", "College of Vettering")."""
    run = ev.run
    if len(run) > 1 and ev.words[0] in ORG_HEADS and run[1].after_connector and \
            ev.doc.scan[run[0].end:run[1].start].strip().lower() in ("of", "for") \
            and not all(stop(w.text, ev.doc) for w in run[1:]):
        return [Hit(run[0].start, run[-1].end, "ORG", "org-head-of",
                    f"'{ev.words[0]} of/for …' names an organisation")]
    return None


def street_or_building(ev: RunEvidence):
    """Rule `street-or-building`: a name before a street or building word ("Canal Street",
    "Harbour House") → LOCATION."""
    if len(ev.run) > 1 and (ev.last in lexicon.STREET_SUFFIXES or
                            ev.last in lexicon.BUILDING_SUFFIXES):
        head = ev.head_words(connectors=False)
        if head:
            return [Hit(head[0].start, ev.run[-1].end, "LOCATION", "street-or-building",
                        f"a name followed by the place word '{ev.last}'")]
    return None


def place_head(ev: RunEvidence):
    """Rule `place-head`: capitalised words before a place head noun ("New Forest", "Lake
    District", "Yorkshire Dales") → LOCATION, a sentence start included. Not a phrase that
    names a kind of place or a region ("East Coast", "Business District": generic_places.txt,
    GeoNames regions), nor title, department or nationality words before the head ("Health
    District", "Scottish Highlands"), nor a title in italics."""
    if len(ev.run) < 2 or ev.last not in lexicon.PLACE_HEADS:
        return None
    run = ev.run
    while len(run) > 2 and gz.is_function_word(run[0].text):
        run = run[1:]                    # "The Lake District", "In New Forest villages"
    mods = [w.text for w in run[:-1]]
    s, e = run[0].start, run[-1].end
    text = ev.doc.text[s:e]
    if gz.is_function_word(mods[0]) or text in lexicon.GENERIC_PLACES or \
            text in gz.regions() or any(w.lower() in lexicon.CONNECTORS for w in mods) or \
            all(w in lexicon.TITLE_WORDS or w in gz.NATIONALITIES or w in gz.regions() or
                w in lexicon.ORG_SUFFIXES or w in ev.doc.allow_words for w in mods) or \
            in_italics(ev.doc, s, e):
        return None
    return [Hit(s, e, "LOCATION", "place-head",
                f"'{text}' names a place (a name before '{ev.last}')")]


def city_run(ev: RunEvidence):
    """Rule `city` (run): a city of two or more words from GeoNames ("Cape Town", "Salt Lake
    City") → LOCATION, even when a word of it is a title word ("Town"). At a sentence start, a
    small city named only with ordinary words needs a place cue."""
    if len(ev.run) < 2:
        return None
    s, e = ev.run[0].start, ev.run[-1].end
    text = ev.doc.text[s:e]
    if text not in ev.cities:
        return None
    before = ev.doc.before(s, 1)
    cue = bool(before) and before[-1] in PLACE_CUES_BEFORE
    if ev.weak and not cue and all(gz.is_word(w) for w in ev.words) and \
            gz.population(text) < 100_000:
        return None
    return [Hit(s, e, "LOCATION", "city", f"'{text}' is a city (GeoNames)")]


def employer_run(ev: RunEvidence):
    """Rule `employer` (run): a run, or the end of a run after ordinary words ("Then Anglo
    American"), that is a well-known employer's name of two or more words ("Anglo
    American", "Principal Financial") → ORG, a sentence start included. A name made only of
    ordinary words one of which is a title or generic word ("Healthcare Services") reads as a
    department: it needs an organisation cue before it. A single name that is a title or
    generic word ("Next") never reaches the groups: it counts here, with its possessive or
    an organisation cue ("joined Next")."""
    if ev.words[-1] not in gz.employer_last_words():
        return None
    names = gz.employers()
    for i in range(len(ev.run)):
        if i and not gz.is_ordinary(ev.words[i - 1]):
            return None
        sub = ev.run[i:]
        s, e = sub[0].start, sub[-1].end
        text = ev.doc.text[s:e]
        if text not in names:
            continue
        if text in citing.cited_names(ev.doc):
            return None
        words = ev.words[i:]
        if len(sub) == 1:
            if not (stop(text, ev.doc) and _cued(ev.doc, s, e, sub[0].poss)):
                return None
        elif all(gz.is_ordinary(w) for w in words) and any(stop(w, ev.doc) for w in words) \
                and not _cued(ev.doc, s, e, False):
            return None
        return [Hit(s, e, "ORG", "employer", f"'{text}' is a well-known employer")]
    return None


def _cued(doc, s: int, e: int, poss: bool) -> bool:
    """An organisation cue before the span ("joined X", "at X") or its possessive after
    ("X's board")."""
    before = doc.before(s, 1)
    if before and before[-1] in ORG_CUES_BEFORE:
        return True
    after = doc.after(e + (2 if poss else 0), 1)
    return poss and bool(after) and after[0] in ORG_CUES_AFTER


RUN_LADDER = (honorific, fixed_phrase, instrument, city_run, employer_run, org_suffix,
              org_head_of, street_or_building, place_head)


def name_groups(ev: RunEvidence) -> list[list[Word]]:
    """The run's name-like words, in groups of consecutive ones (explained-away words and
    connectors cut it). Rule `ordinary-word-before-name`: an ordinary word in front of a name
    is not part of it ("Portrait Thaddeus Okafor", "Congratulations Priya")."""
    groups: list[list[Word]] = []
    for w in ev.run:
        if stop(w.text, ev.doc) or w.text.lower() in lexicon.CONNECTORS:
            groups.append([])
        else:
            if not groups or w.after_connector:
                groups.append([])
            groups[-1].append(w)
    out = []
    for g in groups:
        while len(g) > 1 and _ordinary_before_name(g, ev):
            g = g[1:]
        if g:
            out.append(g)
    return out


def _ordinary_before_name(g: list[Word], ev: RunEvidence) -> bool:
    head = g[0].text
    return gz.is_word(head) and head not in ev.first and head not in ev.cities and \
        any(not gz.is_word(w.text) or w.text in ev.first for w in g[1:])


def explained(run: list[Word], doc) -> bool:
    """The run decides nothing (`classify` gives [] for it and for any run made of some of
    its words): every word is explained away (`stop`), so no group is made of them, and no
    run rule that can make a name of explained words applies: no word ends a well-known
    employer's name (`employer_run`: "joined Next") or is a place head (`place_head`: "The
    Lake District"), and no stretch of two or more of its words is a city (`city_run`: "Salt
    Lake City"). The other run rules want a word that is not explained away, or explain the
    run away themselves. Most runs are such ("The", "We", "The Board", "Her KPIs"): the
    detector skips them unclassified (tests/checker/test_ladder_shortcuts.py)."""
    if not all(stop(w.text, doc) for w in run):
        return False
    last_words = gz.employer_last_words()
    if any(w.text in last_words for w in run):
        return False
    if len(run) == 1:
        return True
    if any(w.text.rstrip(".") in lexicon.PLACE_HEADS for w in run):
        return False
    cities, text = gz.cities(), doc.text
    return not any(text[run[i].start:run[j].end] in cities
                   for i in range(len(run)) for j in range(i + 1, len(run)))


def classify(doc, run, first, cities) -> list:
    """The run's decision: `Hit`s and `Ask`s (empty when explained away)."""
    ev = RunEvidence(doc, run, first, cities)
    for rule in RUN_LADDER:
        out = rule(ev)
        if isinstance(out, RunEvidence):
            ev = out
        elif out is not None:
            return out
    return [item for g in name_groups(ev)
            for item in classify_group(GroupEvidence(ev, g))]


# ============================================================================ groups
class GroupEvidence:
    """What a rule knows about one group of name-like words."""

    __slots__ = ("doc", "g", "run", "first", "cities", "s", "e", "text", "head", "word",
                 "multi", "before", "after", "in_title_line", "mid")

    def __init__(self, ev: RunEvidence, g: list[Word]):
        doc = self.doc = ev.doc
        self.g, self.run, self.first, self.cities = g, ev.run, ev.first, ev.cities
        self.s, self.e = g[0].start, g[-1].end
        self.text = doc.text[self.s:self.e]
        self.head = g[0].text
        self.word = gz.is_word(self.head)
        self.multi = len(g) > 1
        self.before = doc.before(self.s, 2)
        self.after = doc.after(g[-1].end + (2 if g[-1].poss else 0), 2)
        self.in_title_line = doc.line_index(self.s) in doc.weak_lines
        self.mid = not (ev.weak and g[0] is ev.run[0])

    def hit(self, category: str, rule: str, why: str) -> list:
        return [Hit(self.s, self.e, category, rule, why)]

    def ask(self, why: str, rule: str = "unknown-name") -> list:
        return [Ask(self.s, self.e, why, rule)]

    @property
    def place_cue(self) -> bool:
        return bool(self.before) and self.before[-1] in PLACE_CUES_BEFORE

    @property
    def site_after(self) -> bool:
        return bool(self.after) and self.after[0] in SITE_AFTER

    @property
    def cue_before(self) -> bool:
        return bool(self.before) and self.before[-1] in ORG_CUES_BEFORE

    @property
    def person_next(self) -> bool:
        """A person's verb, kin ("X's husband") or an appositive ("X, her manager") after."""
        after = self.after
        return bool(after) and (after[0] in PERSON_VERBS) or \
            (self.g[-1].poss and bool(after) and after[0] in KIN) or \
            bool(APPOSITIVE.match(self.doc.scan, self.e))


def employer(ev: GroupEvidence):
    """Rule `employer`: a well-known employer's name (`gz.employers`, from stock-index lists)
    → ORG without a cue: "Experian hired her", "a Unilever graduate". A group's last words
    may be the name ("Then Anglo American"). A single name that is an ordinary English word
    on its own ("Apple", "Shell", "Next", "Sage", "Compass") counts only with other evidence:
    its possessive ("Shell's board"), an organisation cue before or after it ("joined Next",
    "at Sage"), or, for a word that is only a noun ("Apple", "Oracle"), capitals
    mid-sentence outside a Title Case line, after no article and outside italics."""
    if ev.g[-1].text not in gz.employer_last_words() and \
            gz.fold(ev.g[-1].text) not in gz.employer_last_words():
        return None
    names = gz.employers()
    for i in range(len(ev.g)):
        if i and not gz.is_ordinary(ev.g[i - 1].text):
            return None                  # "Priya Experian": not a firm after a name
        sub = ev.g[i:]
        s = sub[0].start
        text = ev.doc.text[s:ev.e]
        if text not in names and gz.fold(text) not in names:
            continue
        if text in citing.cited_names(ev.doc):
            return None          # "Hawkins's five disciplines", after "Peter Hawkins writes"
        if len(sub) == 1 and gz.is_ordinary(text) and not _org_evidence(ev, s):
            return None
        return [Hit(s, ev.e, "ORG", "employer", f"'{text}' is a well-known employer")]
    return None


def _org_evidence(ev: GroupEvidence, s: int) -> bool:
    """Evidence beyond the name that a single ordinary word names an organisation."""
    if ev.g[-1].poss or ev.cue_before:
        return True
    before = ev.doc.before(s, 1)
    if before and before[-1] in ORG_CUES_BEFORE:
        return True
    if ev.after and ev.after[0] in ORG_CUES_AFTER:
        return True
    return ev.mid and len(ev.run) == 1 and not ev.in_title_line and \
        not gz.is_common_word(ev.head) and \
        ev.head.lower() not in gz._COMMON_NAME_WORDS and \
        not (ev.before and ev.before[-1] in ("the", "a", "an")) and \
        not in_italics(ev.doc, ev.s, ev.e)


def city(ev: GroupEvidence):
    """Rule `city`: a city from GeoNames → LOCATION (or PERSON `first-name` when it is also
    a first name with no place cue). A small town named like an ordinary word ("Spring",
    "Enterprise") needs a cue; at a sentence start a common word needs one too."""
    if not (ev.text in ev.cities or (ev.head in ev.cities and not ev.multi)):
        return None
    common = gz.is_common_word(ev.text)
    wordy = common and gz.population(ev.text) < 100_000
    cue = ev.place_cue or ev.site_after
    if not (cue and (ev.mid or not common) or (ev.mid and not wordy) or
            (not ev.mid and not common)):
        return None
    if ev.head in ev.first and not cue:
        return ev.hit("PERSON", "first-name", f"'{ev.head}' is a first name")
    return ev.hit("LOCATION", "city", f"'{ev.text}' is a city (GeoNames)")


def site(ev: GroupEvidence):
    """Rule `site`: a name before a site word ("the Newbury campus", "our Leeds office") →
    LOCATION; an ordinary word before "office" names a department ("the Careers office")."""
    if ev.site_after and not all(gz.is_word(w.text) for w in ev.g):
        return ev.hit("LOCATION", "site", f"a name before '{ev.after[0]}'")
    return None


def sentence_start_first_name(ev: GroupEvidence):
    """Rule `sentence-start-first-name`: a first name that is also a common word ("Mark",
    "Joy", "Will") at a sentence start is a person only with person evidence after it: a
    narrative verb ("Joy told me"), a verb of thinking or feeling before a subject ("Joy felt
    that", "Mark knew she"), "from <team>" ("Mark from estates", "Joy from HR"), a
    possessive before a person ("Joy's manager"), or an appositive ("Grace, the new finance
    lead,"); never on a Title Case line. Months never get here ("May was busy": calendar
    words are explained away first)."""
    if ev.mid or not (ev.head in ev.first or gz.fold(ev.head) in ev.first) or \
            not gz.is_common_word(ev.head) or ev.in_title_line:
        return None
    if ev.multi and any(not gz.is_word(w.text) for w in ev.g[1:]):
        return None                      # with a surname: the rule first-name
    if ev.word and _before_title_word(ev):
        return None
    why = _person_after(ev)
    if why:
        return ev.hit("PERSON", "sentence-start-first-name",
                      f"'{ev.head}' is a first name at a sentence start, {why}")
    return None


def _person_after(ev: GroupEvidence) -> str:
    """What after a sentence-initial first name shows a person ('' when nothing does)."""
    doc, after = ev.doc, ev.after
    if ev.g[-1].poss:
        return f"a possessive before '{after[0]}'" if after and after[0] in PEOPLE_AFTER \
            else ""
    if APPOSITIVE.match(doc.scan, ev.e):
        return "before an appositive"
    if after and after[0] in NARRATIVE_VERBS:
        return f"before '{after[0]}'"
    if after and after[0] in SENTIENT_VERBS:
        m = _SUBJECT.match(doc.scan, ev.e + 1 + len(after[0]))
        return f"before '{after[0]}{m.group()}'" if m else ""
    m = _FROM_TEAM.match(doc.scan, ev.e)
    if m:
        team, unit = m.group(1), m.group(2) or ""
        if team.capitalize() in lexicon.TITLE_WORDS or team.upper() in lexicon.ACRONYMS or \
                team == team.upper() and len(team) > 1 or unit.lower() in TEAM_AFTER_FROM:
            return f"before '{m.group().strip()}'"
    return ""


def first_name(ev: GroupEvidence):
    """Rule `first-name`: a first name from the gazetteer → PERSON. A first name that is a
    common word ("Will", "Joy") counts mid-sentence or with a surname; at a sentence start
    only with person evidence (the rule `sentence-start-first-name`, before this one); never
    before a title word ("the Young Leaders scheme", a word-name naming a thing)."""
    if not (ev.head in ev.first or gz.fold(ev.head) in ev.first):
        return None
    surname = ev.multi and any(not gz.is_word(w.text) for w in ev.g[1:])
    if ev.word and not surname and _before_title_word(ev):
        return []
    if ev.mid or not gz.is_common_word(ev.head) or surname:
        why = "mid-sentence" if ev.mid else "not an ordinary English word"
        return ev.hit("PERSON", "first-name", f"'{ev.head}' is a first name ({why})")
    return []


def _before_title_word(ev: GroupEvidence) -> bool:
    i = ev.run.index(ev.g[-1])
    return i + 1 < len(ev.run) and not ev.run[i + 1].after_connector and \
        stop(ev.run[i + 1].text, ev.doc)


def acronym_rule(ev: GroupEvidence):
    """Rules `acronym`, `acronym-defined`, `acronym-expansion`, `initials` (see `acronym`):
    one all-capitals word outside a Title Case line."""
    if not ev.multi and _ACRONYM_HEAD.fullmatch(ev.head) and not ev.in_title_line:
        return list(acronym(ev.doc, ev.s, ev.e, ev.head))
    return None


def org_cue(ev: GroupEvidence):
    """Rule `cue`: mid-sentence ordinary capitalised words after an organisation cue
    ("joined Bramble Fold", "at Fennick") or with one after ("Orbis's board") → ORG. A single
    word needs a strong cue ("retailer X") or the possessive."""
    cue_after = ev.g[-1].poss and ev.after and ev.after[0] in ORG_CUES_AFTER
    strong = ev.before and ev.before[-1] in STRONG_ORG_CUES
    if ev.mid and (ev.cue_before or cue_after) and ev.word and (ev.multi or cue_after or
                                                                 strong):
        return ev.hit("ORG", "cue", f"a capitalised name after '{ev.before[-1]}'"
                      if ev.cue_before else f"a capitalised name with '{ev.after[0]}'")
    return None


def non_word_name(ev: GroupEvidence):
    """Rule `non-word-name`: two or more capitalised words that are no English words are a
    name even in a heading or signature ("## Tembeka Mvula"): NER labels it."""
    if not ev.word and not ev.mid and ev.multi and all(
            not gz.is_word(w.text) and not ACRONYM_SHAPE.fullmatch(w.text) for w in ev.g):
        return ev.ask("capitalised words that are no English words", "non-word-name")
    return None


def sentence_start_name(ev: GroupEvidence):
    """Rule `sentence-start-name`: at a sentence start or on a Title Case line a non-word is
    a name only with a person's verb after it ("Okafor said"); otherwise it is found only if
    it also appears mid-sentence (propagation)."""
    if ev.word or ev.mid:
        return None
    if ev.person_next and not ev.in_title_line:
        return ev.hit("PERSON", "sentence-start-name",
                      f"'{ev.text}' is no English word and is followed by "
                      f"'{ev.after[0] if ev.after else ','}'")
    return []


def non_word_cue(ev: GroupEvidence):
    """Rule `cue` (non-word): a capitalised non-word mid-sentence after an organisation cue
    ("at Quorvane") → ORG."""
    if not ev.word and ev.cue_before:
        return ev.hit("ORG", "cue", f"a capitalised non-word after '{ev.before[-1]}'")
    return None


def name_verb(ev: GroupEvidence):
    """Rule `name-verb`: a capitalised non-word mid-sentence before a person's verb, kin or
    an appositive ("Okafor agreed", "Mvula's husband") → PERSON."""
    if not ev.word and ev.person_next:
        return ev.hit("PERSON", "name-verb",
                      f"'{ev.text}' is no English word and is followed by '{ev.after[0]}'")
    return None


def unknown_name(ev: GroupEvidence):
    """Rule `unknown-name`: any other capitalised non-word mid-sentence is a name; spaCy's
    NER says which kind (ORG when it has no opinion)."""
    if not ev.word:
        return ev.ask("a capitalised word mid-sentence that is no English word")
    return None


def lone_noun(ev: GroupEvidence):
    """Rule `ner-agrees` (lone noun): a lone capitalised uncommon noun mid-sentence ("behind
    Harrowells", "at Quarry"; WordNet lists many proper nouns in lower case) is a name only
    when NER agrees. Not after an article, before a number, or in italics."""
    doc = ev.doc
    if ev.mid and not ev.multi and not ev.in_title_line and \
            not gz.is_common_word(ev.head) and "-" not in ev.head and len(ev.run) == 1 and \
            not (ev.before and ev.before[-1] in ("the", "a", "an")) and \
            not re.match(r"\s+\d", doc.scan[ev.e:ev.e + 3]) and \
            not in_italics(doc, ev.run[0].start, ev.run[-1].end):
        return ev.ask("?a lone capitalised noun mid-sentence")
    return None


def capitalised_phrase(ev: GroupEvidence):
    """Rule `ner-agrees` (phrase): ordinary words in capitals mid-sentence ("Decision
    Journal", "Reverse Mentoring") are often emphasis, and in italics a book's title: a name
    only when NER agrees (never in italics), and never propagated."""
    if ev.mid and ev.multi:
        if in_italics(ev.doc, ev.run[0].start, ev.run[-1].end):
            return []
        return ev.ask("?a capitalised multiword name mid-sentence")
    return None


GROUP_LADDER = (city, site, employer, sentence_start_first_name, first_name, acronym_rule,
                org_cue, non_word_name, sentence_start_name, non_word_cue, name_verb,
                unknown_name, lone_noun, capitalised_phrase)


def classify_group(ev: GroupEvidence) -> list:
    for rule in GROUP_LADDER:
        out = rule(ev)
        if out is not None:
            return out
    return []


# ============================================================================ acronyms
def acronym_definition(doc, acr: str) -> tuple[list[str], int, int] | None:
    """The words an acronym stands for where the story spells it out ("Quorvane Data
    Systems (QDS)"), with their span, or None. The expansion ends right before "(ACR)" and
    starts at the nearest earlier word with the acronym's first letter, at most len(acr) + 2
    words back."""
    key = ("acronym", acr)
    if key in doc._memo:
        return doc._memo[key]
    out = None
    for m in re.finditer(r"\(\s*" + re.escape(acr) + r"\s*\)", doc.scan):
        ls = doc.line_starts[doc.line_index(m.start())]
        lo = max(ls, m.start() - 120)
        chunk = doc.scan[lo:m.start()]
        cut = max((k.end() for k in re.finditer(r"[.;:!?()\[\]\"“”]", chunk)), default=0)
        words = list(re.finditer(r"[^\W\d_][\w'’-]*|&", chunk[cut:]))[-(len(acr) + 2):]
        for i in range(len(words)):
            if words[i].group()[:1].upper() == acr[0]:
                w = words[i:]
                out = ([x.group() for x in w], lo + cut + w[0].start(), lo + cut + w[-1].end())
                break
        if out:
            break
    doc._memo[key] = out
    return out


def acronym(doc, s: int, e: int, head: str):
    """Evidence rules for an all-capitals word (CB102-acronym and its explanations).

    - `acronym-plural`: "SMEs", "CXOs", "DHBs" name a kind of thing, not one organisation.
    - `acronym-defined`: spelled out in the story, it is as identifying as its expansion:
      a generic expansion ("continuing professional development (CPD)", "Student Affairs
      Office (SAO)") explains it away; one with a name in it makes it ORG.
    - `acronym-emphasis`: an ordinary English word in capitals ("NEVER", "MAT") is
      emphasis or a common noun, unless its definition says otherwise.
    - otherwise `acronym`: a short form no one uses generically (an employer, initials).
    """
    if ACRONYM_PLURAL.fullmatch(head):
        return
    defined = acronym_definition(doc, head)
    if defined:
        expansion, xs, xe = defined
        if not generic_phrase(expansion, doc):
            yield Hit(s, e, "ORG", "acronym-defined",
                      f"'{head}' stands for '{' '.join(expansion)}', which names something")
            if expansion[0][:1].isupper() and expansion[-1][:1].isupper():
                yield Hit(xs, xe, "ORG", "acronym-expansion",
                          f"spelled out as the acronym '{head}' of a name")
        return
    if gz.is_common_word(head) and head.capitalize() not in gz.first_names():
        return
    if len(head) == 2 or (doc.before(s, 1) and doc.before(s, 1)[-1] in INITIALS_CUES):
        # Rule `initials`: "client JB", "participants: JB, KL and MO".
        yield Hit(s, e, "PERSON", "initials", f"'{head}' reads as a person's initials")
        return
    yield Hit(s, e, "ORG", "acronym",
              f"'{head}' is an acronym that is not general business vocabulary")


def generic_phrase(words: list[str], doc) -> bool:
    """Ordinary words only: no first name, city or non-word, no organisation suffix."""
    content = [w for w in words if w.lower() not in lexicon.CONNECTORS and w != "&"]
    if not content:
        return True
    if content[-1] in lexicon.ORG_SUFFIXES and content[-1][:1].isupper():
        return False
    return all(not w[:1].isupper() or stop(w, doc) or
               (gz.is_common_word(w) and w not in gz.first_names() and w not in gz.cities())
               for w in content)
