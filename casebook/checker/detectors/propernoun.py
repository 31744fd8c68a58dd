"""PERSON, ORG, LOCATION: capitalised names, explained away or classified like a reviewer would.

1. Find runs of capitalised words ("Halvorsen Institute", "Ms Sharma", "Priya's").
2. Explain words away: declared pseudonyms and allow-lists, job titles and governance words,
   instruments and frameworks, calendar words, nationalities, countries and regions, and
   public figures in a citing context (rule `public-figure`, see `citing.py`): "as Goleman
   writes", "Dweck's research", "(Goleman, 1995)". A first name alone is never one.
3. Classify what is left, by evidence, strongest first: an honorific (Ms, Dr) → PERSON; an
   organisation suffix (Ltd, Bank, Institute…) after a name → ORG; a street or building
   suffix → LOCATION; a first name from the gazetteer → PERSON; a city from GeoNames →
   LOCATION; a cue ("joined X", "at X", "X's board") → ORG; a word that is no English word
   → a name, labelled by spaCy's NER on that one sentence (loaded lazily, only then).
4. Capitalisation is strong evidence mid-sentence and weak at a sentence start or in a Title
   Case heading: there only names that are no ordinary English word count ("Priya", not
   "Will").
5. Propagate: once a name is found, every other capitalised occurrence of it in the story is
   found too ("Will" at a sentence start, once "Will" was seen mid-sentence).
"""
from __future__ import annotations

import re

from .. import gazetteers as gz
from .. import lexicon
from ..document import Spans
from ..nlp import ner_labels
from ..registry import NO_PRIOR, Hit
from . import citing

_CAP = re.compile(r"(?<![\w'’@#/.\\-])[^\W\d_][\w'’.-]*(?<![.'’-])")
_POSS = re.compile(r"['’]s$|['’]$")
_ORG_CUES_BEFORE = lexicon.term_set("cues/org_before")     # "joined X", "at X"
_STRONG_ORG_CUES = lexicon.term_set("cues/org_strong")     # strong enough on their own
_ORG_CUES_AFTER = lexicon.term_set("cues/org_after")       # "X's board"
_KIN = lexicon.term_set("cues/kin")                        # "X's husband", "X's team"
_PLACE_CUES_BEFORE = lexicon.term_set("cues/place_before")  # "in X", "moved to X"
_SITE_AFTER = {w.split()[0].lower() for w in lexicon.SITE_WORDS}
_STOP = lexicon.STOP_CAPS | gz.NATIONALITIES | set(lexicon.HONORIFICS)
_PERSON_VERBS = lexicon.PERSON_VERBS
# Verbs after a sentence-initial word that make it a person ("Will said"), but not the
# copulas and modals that follow ordinary nouns too ("Hope is not a strategy").
_NARRATIVE_VERBS = _PERSON_VERBS - lexicon.term_set("cues/non_narrative_verbs")
_APPOSITIVE = re.compile(r",\s+(?:her|his|their|our|my|the|a|an)\s+[a-z]")
_PERSONAL_TITLES = lexicon.term_set("cues/personal_titles")


class Word:
    __slots__ = ("text", "start", "end", "poss", "after_connector")

    def __init__(self, text: str, start: int, end: int):
        self.after_connector = False
        m = _POSS.search(text)
        self.poss = bool(m) and len(text) > 2
        self.text = text[:m.start()] if self.poss else text
        self.start = start
        self.end = start + len(self.text)


def _runs(doc) -> list[list[Word]]:
    """Consecutive capitalised words, joined by single spaces or inner connectors."""
    runs: list[list[Word]] = []
    cur: list[Word] = []
    last_end = -1
    for m in _CAP.finditer(doc.scan):
        t = m.group()
        if not t[0].isupper():
            continue
        w = Word(t, m.start(), m.end())
        if not w.text:
            continue
        gap = doc.scan[last_end:m.start()] if cur else None
        joined = cur and not cur[-1].poss and gap is not None and (
            gap == " " or (gap.startswith(" ") and gap.endswith(" ") and
                           gap.strip() in lexicon.INNER_CONNECTORS and len(gap) <= 6))
        if joined:
            w.after_connector = gap != " "
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = [w]
        last_end = m.end()
    if cur:
        runs.append(cur)
    return runs


def _public_figure(run: list[Word], public: Spans) -> list[Word]:
    """Rule `public-figure`: a well-known author in a citing context is no client.

    The words of a cited author's name leave the run; what is left ("Harvard" in "Harvard
    professor Amy Edmondson") is classified as usual. Which names, and what counts as citing,
    is data (`public_figures.txt`, `citing_cues.yaml`), read by `citing.py`.
    """
    return [w for w in run if not public.contains(w.start, w.end)]


def _stop(word: str, doc) -> bool:
    base = word.rstrip(".")
    if base in _STOP or base in doc.allow_words or base in gz.regions():
        return True
    if base.upper() == base and len(base) <= 6 and base.rstrip("s") in lexicon.ACRONYMS:
        return True
    if len(base) == 1 or _CODE.fullmatch(base):
        return True
    if base.endswith("s") and base[:-1] in _STOP:
        return True
    return "-" in base and all(p in _STOP or not p for p in base.split("-"))


CATEGORIES = ("PERSON", "ORG", "LOCATION")


class ProperNounDetector:
    def find(self, doc, prior):
        first, cities = gz.first_names(), gz.cities()
        found: list[Hit] = []
        pending: list[tuple[int, int, str]] = []     # unknown names: ask NER for a label
        public, titles = citing.cited_spans(doc), citing.title_starts(doc)
        books = citing.title_spans(doc)
        glued = [h for h in hyphen_forms(doc, prior) if not doc.is_allowed(h.start, h.end)
                 and not public.overlaps(h.start, h.end)]
        found += glued
        glued_spans = Spans()
        for h in glued:
            glued_spans.add(h.start, h.end)
        for run in _runs(doc):
            if glued and glued_spans.overlaps(run[0].start, run[-1].end):
                run = [w for w in run if not glued_spans.overlaps(w.start, w.end)]
                if not run:
                    continue
            if prior.claimed(run[0].start, run[-1].end):
                run = [w for w in run if not prior.claimed(w.start, w.end)]
                if not run:
                    continue
            if public.overlaps(run[0].start, run[-1].end):
                run = _public_figure(run, public)
                if not run:
                    continue
            if run[0].start in titles or books.contains(run[0].start, run[-1].end):
                continue                     # "Kim Scott's Radical Candor", *Dare to Lead*
            for hit in self._classify(doc, run, first, cities, pending):
                if not doc.is_allowed(hit.start, hit.end):
                    found.append(hit)
        if pending:
            labels = ner_labels(doc, [(s, e) for s, e, _ in pending])
            for (s, e, why), label in zip(pending, labels):
                if doc.is_allowed(s, e):
                    continue
                rule = "unknown-name"
                if why.startswith("?"):      # weak evidence: only when NER agrees
                    if label not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
                        continue
                    why, rule = why[1:], "ner-agrees"
                cat = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION",
                       "FAC": "LOCATION"}.get(label or "", "ORG")
                if label is None and _person_context(doc, s, e):
                    cat = "PERSON"
                found.append(Hit(s, e, cat, rule,
                                 f"{why}; spaCy NER reads it as {label or 'no entity'}"))
        return found

    # ----------------------------------------------------------------------------------
    def _classify(self, doc, run, first, cities, pending):
        words = [w.text for w in run]
        weak = doc.is_weak(run[0].start)
        # Honorific + name: "Ms Sharma", "Dr Okafor".
        if words[0].rstrip(".") in _PERSONAL_TITLES and len(run) > 1 and \
                not _stop(words[1], doc):
            yield Hit(run[0].start, run[-1].end, "PERSON", "honorific",
                      f"'{words[0]}' before a name")
            return
        # Fixed phrases that are titles or tools, not names: "Lance Corporal", "Google Docs".
        joined = " ".join(words)
        for phrase in lexicon.PHRASES:
            if phrase in joined:
                rest = [w for w in run if w.text not in phrase.split()]
                if not rest:
                    return
                run, words = rest, [w.text for w in rest]
                break
        last = words[-1].rstrip(".")
        # An instrument or model named after its authors: public knowledge.
        if len(run) > 1 and last in lexicon.INSTRUMENT_SUFFIXES:
            return
        nxt = doc.after(run[-1].end, 1)
        if nxt and nxt[0].capitalize() in lexicon.INSTRUMENT_SUFFIXES:   # "the X model"
            return
        # Organisation suffix: "Northgate Partners", "Halvorsen Institute", "Ashby Council".
        if last in lexicon.ORG_SUFFIXES and len(run) > 1:
            head = [w for w in run[:-1] if not _stop(w.text, doc) and
                    w.text not in lexicon.CONNECTORS]
            strong_head = [w for w in head if not gz.is_word(w.text) or w.text in cities or
                           w.text in first or _ACRONYM_SHAPE.fullmatch(w.text)]
            cued = bool(head) and bool(doc.before(head[0].start, 1)) and \
                doc.before(head[0].start, 1)[-1] in _STRONG_ORG_CUES
            if strong_head or cued or (head and last not in lexicon.WEAK_ORG_SUFFIXES and
                                       not weak):
                start = head[0].start if head else run[0].start
                yield Hit(start, run[-1].end, "ORG", "suffix",
                          f"a name followed by the organisation word '{last}'")
                return
        # Rule `org-head-of`: "Ministry of Quay Affairs", "Institute for Fen Studies",
        # "College of Vettering": an organisation head noun, "of/for", a capitalised name.
        if len(run) > 1 and words[0] in _ORG_HEADS and run[1].after_connector and \
                doc.scan[run[0].end:run[1].start].strip().lower() in ("of", "for") \
                and not all(_stop(w.text, doc) for w in run[1:]):
            yield Hit(run[0].start, run[-1].end, "ORG", "org-head-of",
                      f"'{words[0]} of/for …' names an organisation")
            return
        # Streets and buildings: "Canal Street", "Harbour House".
        if len(run) > 1 and (last in lexicon.STREET_SUFFIXES or last in lexicon.BUILDING_SUFFIXES):
            head = [w for w in run[:-1] if not _stop(w.text, doc)]
            if head:
                yield Hit(head[0].start, run[-1].end, "LOCATION", "street-or-building",
                          f"a name followed by the place word '{last}'")
                return
        # Otherwise look at the name-like words, in groups of consecutive ones.
        groups: list[list] = []
        for w in run:
            if _stop(w.text, doc) or w.text.lower() in lexicon.CONNECTORS:
                groups.append([])
            else:
                if not groups or w.after_connector:
                    groups.append([])
                groups[-1].append(w)
        for g in groups:
            # "Portrait Thaddeus Okafor", "Congratulations Priya": an ordinary word in front
            # of a name is not part of it.
            while len(g) > 1 and gz.is_word(g[0].text) and g[0].text not in first and \
                    g[0].text not in cities and any(not gz.is_word(w.text) or w.text in first
                                                    for w in g[1:]):
                g = g[1:]
            if g:
                yield from self._group(doc, g, run, weak and g[0] is run[0], first, cities,
                                       pending)

    def _group(self, doc, g, run, weak, first, cities, pending):
        s, e = g[0].start, g[-1].end
        text = doc.text[s:e]
        head = g[0].text
        word = gz.is_word(head)
        multi = len(g) > 1
        before = doc.before(s, 2)
        after = doc.after(g[-1].end + (2 if g[-1].poss else 0), 2)
        in_title_line = doc.line_index(s) in doc.weak_lines
        mid = not weak
        # Place: a city from GeoNames.
        if text in cities or (head in cities and not multi):
            place_cue = bool(before) and before[-1] in _PLACE_CUES_BEFORE or \
                bool(after) and after[0] in _SITE_AFTER
            # A small town named like an ordinary word ("Spring", "Enterprise") needs a cue.
            wordy = gz.is_common_word(text) and gz.population(text) < 100_000
            common = gz.is_common_word(text)
            if place_cue and (mid or not common) or (mid and not wordy) or \
                    (not mid and not common):
                if head in first and not (before and before[-1] in _PLACE_CUES_BEFORE) and \
                        not (after and after[0] in _SITE_AFTER):
                    yield Hit(s, e, "PERSON", "first-name", f"'{head}' is a first name")
                else:
                    yield Hit(s, e, "LOCATION", "city", f"'{text}' is a city (GeoNames)")
                return
        # Site: "the Newbury campus", "our Leeds office".
        # An ordinary word before "office" names a department ("the Careers office").
        if after and after[0] in _SITE_AFTER and not all(gz.is_word(w.text) for w in g):
            yield Hit(s, e, "LOCATION", "site", f"a name before '{after[0]}'")
            return
        # Person: a first name from the gazetteer.
        if head in first or gz.fold(head) in first:
            surname = multi and any(not gz.is_word(w.text) for w in g[1:])
            # "the Young Leaders scheme", "a Silver Award": a word-name in front of a title
            # word names a thing, not a person.
            i = run.index(g[-1])
            if word and not surname and i + 1 < len(run) and not run[i + 1].after_connector \
                    and _stop(run[i + 1].text, doc):
                return
            common = gz.is_common_word(head)
            appositive = _APPOSITIVE.match(doc.scan, e)
            if mid or not common or surname or g[0].poss and not in_title_line or \
                    appositive and not in_title_line or \
                    (after and after[0] in _NARRATIVE_VERBS and not in_title_line):
                why = "mid-sentence" if mid else "not an ordinary English word"
                yield Hit(s, e, "PERSON", "first-name",
                          f"'{head}' is a first name ({why})")
            return
        # An acronym no one uses generically: an employer's short name or initials.
        if not multi and re.fullmatch(r"[A-Z][A-Z&]{1,5}s?", head) and not in_title_line:
            yield from acronym(doc, s, e, head)
            return
        # Organisation cues: "joined Bramble", "at Fennick", "Orbis's board".
        cue_before = before and before[-1] in _ORG_CUES_BEFORE
        cue_after = g[-1].poss and after and after[0] in _ORG_CUES_AFTER
        strong_cue = before and before[-1] in _STRONG_ORG_CUES
        if mid and (cue_before or cue_after) and word and (multi or cue_after or strong_cue):
            yield Hit(s, e, "ORG", "cue",
                      f"a capitalised name after '{before[-1]}'" if cue_before else
                      f"a capitalised name with '{after[0]}'")
            return
        if not word:
            person_next = bool(after) and (after[0] in _PERSON_VERBS) or \
                (g[-1].poss and bool(after) and after[0] in _KIN) or \
                bool(_APPOSITIVE.match(doc.scan, e))
            if not mid and multi and all(not gz.is_word(w.text) and
                                         not _ACRONYM_SHAPE.fullmatch(w.text) for w in g):
                # Rule `non-word-name`: two or more capitalised words that are no English
                # words are a name even in a heading or signature ("## Tembeka Mvula").
                pending.append((s, e, "capitalised words that are no English words"))
                return
            if not mid:
                # Sentence start or Title Case line: a name only with a person's verb after
                # it ("Okafor said"); otherwise it is found if it also appears mid-sentence.
                if person_next and not in_title_line:
                    yield Hit(s, e, "PERSON", "sentence-start-name",
                              f"'{text}' is no English word and is followed by "
                              f"'{after[0] if after else ','}'")
                return
            if cue_before:
                yield Hit(s, e, "ORG", "cue", f"a capitalised non-word after '{before[-1]}'")
            elif person_next:
                yield Hit(s, e, "PERSON", "name-verb",
                          f"'{text}' is no English word and is followed by '{after[0]}'")
            else:
                pending.append((s, e, "a capitalised word mid-sentence that is no English word"))
            return
        if mid and not multi and not in_title_line and not gz.is_common_word(head) and \
                "-" not in head and len(run) == 1 and \
                not (before and before[-1] in ("the", "a", "an")) and \
                not re.match(r"\s+\d", doc.scan[e:e + 3]) and \
                not _in_italics(doc, run[0].start, run[-1].end):
            # A lone capitalised noun mid-sentence ("behind Harrowells", "at Quarry"): WordNet
            # lists many proper nouns in lower case, so ask NER (rule `ner-agrees`).
            pending.append((s, e, "?a lone capitalised noun mid-sentence"))
            return
        if mid and multi:
            # Ordinary words in capitals ("Decision Journal", "Reverse Mentoring") are often
            # emphasis, and in italics the title of a book: a name only when NER agrees (and
            # never in italics), and never propagated.
            if _in_italics(doc, run[0].start, run[-1].end):
                return
            pending.append((s, e, "?a capitalised multiword name mid-sentence"))


_CODE = re.compile(r"[A-Z]{1,2}\d{1,2}[a-z]?")     # B2, C1, G7, A4: levels, sizes, groups
_ORG_HEADS = lexicon.term_set("lexicon/org_heads")          # "Ministry (of …)"
_INITIALS_CUES = lexicon.term_set("cues/initials_before")   # "client JB", "coachee MK"
_ACRONYM_SHAPE = re.compile(r"[A-Z][A-Z&]{1,5}")
_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z&]+s")


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
    if _ACRONYM_PLURAL.fullmatch(head):
        return
    defined = acronym_definition(doc, head)
    if defined:
        expansion, xs, xe = defined
        if not _generic_phrase(expansion, doc):
            yield Hit(s, e, "ORG", "acronym-defined",
                      f"'{head}' stands for '{' '.join(expansion)}', which names something")
            if expansion[0][:1].isupper() and expansion[-1][:1].isupper():
                yield Hit(xs, xe, "ORG", "acronym-expansion",
                          f"spelled out as the acronym '{head}' of a name")
        return
    if gz.is_common_word(head) and head.capitalize() not in gz.first_names():
        return
    if len(head) == 2 or (doc.before(s, 1) and doc.before(s, 1)[-1] in _INITIALS_CUES):
        # Rule `initials`: "client JB", "participants: JB, KL and MO".
        yield Hit(s, e, "PERSON", "initials", f"'{head}' reads as a person's initials")
        return
    yield Hit(s, e, "ORG", "acronym",
              f"'{head}' is an acronym that is not general business vocabulary")


def _generic_phrase(words: list[str], doc) -> bool:
    """Ordinary words only: no first name, city or non-word, no organisation suffix."""
    content = [w for w in words if w.lower() not in lexicon.CONNECTORS and w != "&"]
    if not content:
        return True
    if content[-1] in lexicon.ORG_SUFFIXES and content[-1][:1].isupper():
        return False
    return all(not w[:1].isupper() or _stop(w, doc) or
               (gz.is_common_word(w) and w not in gz.first_names() and w not in gz.cities())
               for w in content)


_EX = re.compile(r"(?<![\w-])[Ee]x-([A-Z][\w&]*(?:[ -][A-Z][\w&]*)*)")
_BASED = re.compile(r"(?<![\w-])([A-Z][\w&]*)-(?:based|headquartered|owned|listed)\b")


def hyphen_forms(doc, prior=NO_PRIOR) -> list[Hit]:
    """Rules `ex-form` and `based-form`: "ex-Quillan", "a Fennick-based team".

    A capitalised word glued to "ex-" or "-based/-owned/-headquartered" is an employer (or a
    city, when GeoNames knows it), unless it is a title, country, region or nationality
    ("ex-Army", "UK-based", "Dutch-owned").
    """
    out = []
    for rx, rule in ((_EX, "ex-form"), (_BASED, "based-form")):
        for m in doc.finditer(rx, r"[Ee]x-[A-Z]|[A-Z]\w*-(?:based|headq|owned|listed)"):
            name = m.group(1)
            if prior.claimed(m.start(1), m.end(1)) or all(
                    _stop(w, doc) or w in gz.regions() for w in re.split(r"[ -]", name)) or \
                    name in gz.regions():
                continue
            if rule == "based-form" and gz.is_word(name) and name not in gz.cities():
                continue             # "Strengths-based", "Telephone-based": a method
            cat = "LOCATION" if name in gz.cities() else "ORG"
            out.append(Hit(m.start(1), m.end(1), cat, rule,
                           f"'{name}' is glued to '{m.group(0).replace(name, '')}'"))
    return out


def _name_words(text: str, category: str, doc) -> list[str]:
    """The words of a found name that identify on their own: capitalised name words only.

    Function words and connectors ("of", "for", "de") and lower-case words never spread, nor
    do title and suffix words ("Institute", "Ltd"): "X of Y Ltd" makes "X" and "Y" names,
    not every "of" in the story.
    """
    out = []
    for part in text.split():
        if not part[:1].isupper() or part.lower() in lexicon.CONNECTORS or len(part) < 2:
            continue
        if category == "PERSON":
            if part not in _STOP:
                out.append(part)
        elif category == "ORG":
            if not _stop(part, doc) and part.rstrip(".") not in lexicon.ORG_SUFFIXES \
                    and not gz.is_word(part):
                out.append(part)
    return out


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    """The story's names (PERSON, ORG, LOCATION), before propagation."""
    return _DETECTOR.find(doc, prior)


def names_of(doc, found: list[Hit]) -> dict[str, str]:
    """The story's names, from the name hits: each found name and its capitalised name words
    (`_name_words`), never a function word, with its category, in the order found. Names NER
    alone suggested (`ner-agrees`) are not among them. Propagation, hashtags and image file
    names read this value."""
    names: dict[str, str] = {}
    for h in found:
        if h.rule in ("ner-agrees", "repeat"):
            continue
        t = doc.text[h.start:h.end]
        names.setdefault(t, h.category)
        for part in _name_words(t, h.category, doc):
            names.setdefault(part, h.category)
    return names


def propagate(doc, found: list[Hit], prior=NO_PRIOR) -> list[Hit]:
    """Post-processor `repeat`: every other capitalised occurrence of a found name
    (`names_of`): the whole name and its capitalised name words, never a function word."""
    covered = Spans()
    for h in found:
        covered.add(h.start, h.end)
    for s, e, _ in citing.cited(doc):     # "Carol" the client is not "Carol Dweck"
        covered.add(s, e)
    out: list[Hit] = []
    for name, cat in names_of(doc, found).items():
        if name in doc.allow_words or not name[:1].isupper():
            continue
        for m in re.finditer(r"(?<![\w@#/.-])" + re.escape(name) + r"(?![\w@-]|\.\w)",
                             doc.scan):
            s, e = m.span()
            if covered.contains(s, e) or prior.claimed(s, e) or doc.is_allowed(s, e):
                continue
            covered.add(s, e)
            out.append(Hit(s, e, cat, "repeat",
                           f"'{name}' is a name found elsewhere in this story"))
    return out


def _in_italics(doc, s, e) -> bool:
    """Is the span the whole of an emphasised phrase (*The Charisma Myth*, _Range_)?"""
    ls = doc.line_starts[doc.line_index(s)]
    head = doc.scan[ls:s]
    m = re.search(r"([*_])(?:The |A |An )?$", head)
    return bool(m) and doc.scan[e:e + 1] == m.group(1)


def _person_context(doc, s, e) -> bool:
    after = doc.after(e, 1)
    return bool(after) and after[0] in _PERSON_VERBS


_DETECTOR = ProperNounDetector()
