"""PERSON, ORG, LOCATION: capitalised names, explained away or classified like a reviewer would.

1. Find runs of capitalised words ("Halvorsen Institute", "Ms Sharma", "Priya's"): `_runs`.
2. Explain words away: declared pseudonyms and allow-lists, job titles and governance words,
   instruments and frameworks, calendar words, nationalities, countries and regions, and
   public figures in a citing context (explanation `public-figure`, see `citing.py`): "as
   Goleman writes", "Dweck's research", "(Goleman, 1995)". A first name alone is never one.
3. Classify what is left with the evidence ladder (`evidence.py`), strongest evidence first:
   honorific, multiword city, well-known employer, organisation suffix, organisation head +
   of/for, street or building, place head ("Lake District"); then per group of name-like
   words: city, site, employer, first name (at a sentence start only with person evidence),
   acronym, organisation cue, non-word rules; spaCy's NER labels what only it can
   (`_ask_ner`, loaded lazily, only then).
4. Capitalisation is strong evidence mid-sentence and weak at a sentence start or in a Title
   Case heading: there only names that are no ordinary English word count ("Priya", not
   "Will").
5. Glued forms are found first (`hyphen_forms`: "ex-Quillan", "Fennick-based"), and so are
   names in other scripts (`non_latin_names`: "Иван Петров", "山田太郎"), which have no
   capitals for the runs to find.

Propagation ("Will" at a sentence start, once "Will" was seen mid-sentence) is the
post-processor `propagate`, over `names_of` (the story's names): the pipeline calls both.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .. import gazetteers as gz
from .. import lexicon
from ..document import Spans, capitals_of
from ..nlp import ner_labels
from ..registry import NO_PRIOR, Hit
from . import citing
from .evidence import PERSON_VERBS, STOP, Ask, Word, classify, explained, stop

_CAP = re.compile(r"(?<![\w'’@#/.\\-])[^\W\d_][\w'’.-]*(?<![.'’-])")
CATEGORIES = ("PERSON", "ORG", "LOCATION")


@functools.lru_cache(maxsize=256)
def _capitalised(upper: str) -> re.Pattern:
    """`_CAP` for the words that start with an upper-case letter: A-Z or one of `upper`.

    The same matches as `_CAP`'s that start with a capital, without meeting the other words
    (most of a story): every position inside one of `_CAP`'s words follows a character its
    look-behind refuses, so no match can start there."""
    first = "[A-Z" + "".join(re.escape(c) for c in upper) + "]"
    # The look-behind follows the capital (the same test of the character before it), so
    # that the regex engine skips from capital to capital.
    return re.compile(first + r"(?<![\w'’@#/.\\-].)[\w'’.-]*(?<![.'’-])")


def _runs(doc) -> list[list[Word]]:
    """Consecutive capitalised words, joined by single spaces or inner connectors."""
    runs: list[list[Word]] = []
    cur: list[Word] = []
    last_end = -1
    scan = doc.scan
    connectors = lexicon.INNER_CONNECTORS
    for m in _capitalised(capitals_of(scan)).finditer(scan):
        start, end = m.span()
        w = Word(m.group(), start, end)
        if not w.text:
            continue
        # Joined to the run: after a single space, or a connector (" of ", " & ") between
        # spaces, six characters at most; never after a possessive.
        joined = False
        if cur and not cur[-1].poss:
            if start == last_end + 1 and scan[last_end] == " ":
                joined = True
            elif start - last_end <= 6:
                gap = scan[last_end:start]
                if gap.startswith(" ") and gap.endswith(" ") and gap.strip() in connectors:
                    joined = True
                    w.after_connector = gap != " "
        if joined:
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = [w]
        last_end = end
    if cur:
        runs.append(cur)
    return runs


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    """The story's names (PERSON, ORG, LOCATION) by the evidence ladder (`evidence.py`),
    before propagation (`propagate`, a post-processor of the pipeline)."""
    first, cities = gz.first_names(), gz.cities()
    found: list[Hit] = []
    pending: list[Ask] = []     # unknown names: ask NER for a label
    public, titles = citing.cited_spans(doc), citing.title_starts(doc)
    books = citing.title_spans(doc)
    glued = [h for h in hyphen_forms(doc, prior) + non_latin_names(doc, prior)
             if not doc.is_allowed(h.start, h.end) and not public.overlaps(h.start, h.end)]
    found += glued
    glued_spans = Spans()
    for h in glued:
        glued_spans.add(h.start, h.end)
    # `explained` of a one-word run reads only that word (and the story's allowed words):
    # "The", "She", "We" recur a dozen times a story, so each is asked once.
    alone: dict[str, bool] = {}
    for run in _runs(doc):
        if len(run) == 1:
            gone = alone.get(run[0].text)
            if gone is None:
                gone = alone[run[0].text] = explained(run, doc)
        else:
            gone = explained(run, doc)
        if gone:
            continue                     # "The", "We", "The Board": nothing to classify
        run = _unexplained(run, glued_spans, prior, public)
        if not run or run[0].start in titles or books.contains(run[0].start, run[-1].end):
            continue                     # "Kim Scott's Radical Candor", *Dare to Lead*
        for item in classify(doc, run, first, cities):
            if isinstance(item, Ask):
                pending.append(item)
            elif not doc.is_allowed(item.start, item.end):
                found.append(item)
    return found + _ask_ner(doc, pending) if pending else found


def _unexplained(run: list[Word], glued: Spans, prior, public: Spans) -> list[Word]:
    """The run without words already found as glued forms ("ex-Quillan"), claimed by a
    structured identifier (an email, a URL), or part of a cited public figure's name
    (explanation `public-figure`, see `citing.py`: "Harvard professor Amy Edmondson" leaves
    "Harvard")."""
    if glued.overlaps(run[0].start, run[-1].end):
        run = [w for w in run if not glued.overlaps(w.start, w.end)]
        if not run:
            return run
    if prior.claimed(run[0].start, run[-1].end):
        run = [w for w in run if not prior.claimed(w.start, w.end)]
        if not run:
            return run
    if public.overlaps(run[0].start, run[-1].end):
        run = [w for w in run if not public.contains(w.start, w.end)]
    return run


def _ask_ner(doc, pending: list[Ask]) -> list[Hit]:
    """Rules `unknown-name` and `ner-agrees`: spaCy's NER labels what the ladder asked about,
    one sentence each; weak evidence ('?') makes a name only when NER agrees."""
    found = []
    labels = ner_labels(doc, [(ask.start, ask.end) for ask in pending])
    for (s, e, why, rule), label in zip(pending, labels):
        if doc.is_allowed(s, e):
            continue
        if why.startswith("?"):      # weak evidence: only when NER agrees
            if label not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
                continue
            why, rule = why[1:], "ner-agrees"
        cat = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION",
               "FAC": "LOCATION"}.get(label or "", "ORG")
        if label is None and _person_context(doc, s, e):
            cat = "PERSON"
        found.append(Hit(s, e, cat, rule, f"{why}; spaCy NER reads it as {label or 'no entity'}"))
    return found


# The lines worth a look: "ex-" before a capital, or a capitalised word before "-based" and
# the like. "x-" comes first (the "E" or "e" tested behind it), so that the regex engine
# skips from "x-" to "x-", not from "e" to "e": the same lines as
# "[Ee]x-[A-Z]|[A-Z]\w*-(?:based|headq|owned|listed)" (tests/checker/test_fast_patterns.py).
HYPHEN_PREFILTER = r"x-(?<=[Ee]x-)[A-Z]|[A-Z]\w*-(?:based|headq|owned|listed)"
_EX = re.compile(r"(?<![\w-])[Ee]x-([A-Z][\w&]*(?:[ -][A-Z][\w&]*)*)")
_BASED = re.compile(r"(?<![\w-])([A-Z][\w&]*)-(?:based|headquartered|owned|listed)\b")


def hyphen_forms(doc, prior=NO_PRIOR) -> list[Hit]:
    """Rules `ex-form` and `based-form`: "ex-Quillan", "a Fennick-based team".

    A capitalised word glued to "ex-" or "-based/-owned/-headquartered" is an employer (or a
    city, when GeoNames knows it), unless it is a title, country, region or nationality
    ("ex-Army", "UK-based", "Dutch-owned"). An ordinary word before "-based" is a method
    ("strengths-based"), unless it is a well-known employer ("Shell-owned").
    """
    out = []
    for rx, rule in ((_EX, "ex-form"), (_BASED, "based-form")):
        for m in doc.finditer(rx, HYPHEN_PREFILTER):
            name = m.group(1)
            if prior.claimed(m.start(1), m.end(1)) or all(
                    stop(w, doc) or w in gz.regions() for w in re.split(r"[ -]", name)) or \
                    name in gz.regions():
                continue
            if rule == "based-form" and gz.is_word(name) and name not in gz.cities() and \
                    name not in gz.employers():
                continue             # "Strengths-based", "Telephone-based": a method
            cat = "LOCATION" if name in gz.cities() else "ORG"
            out.append(Hit(m.start(1), m.end(1), cat, rule,
                           f"'{name}' is glued to '{m.group(0).replace(name, '')}'"))
    return out


@functools.cache
def _scripts() -> tuple[dict[str, str], tuple[str, ...]]:
    t = lexicon.table("lexicon/scripts")
    return dict(t["scripts"]), tuple(p + " " for p in t["width_prefixes"])


@functools.lru_cache(maxsize=4096)
def script_of(c: str) -> str | None:
    """The writing system of a non-Latin character, from its Unicode name ("CYRILLIC
    CAPITAL LETTER I" → "Cyrillic"), or None (Latin, digits, symbols, unnamed)."""
    name = unicodedata.name(c, "")
    scripts, prefixes = _scripts()
    for p in prefixes:
        if name.startswith(p):
            name = name[len(p):]
    return scripts.get(name.split(" ", 1)[0])


_NON_ASCII = re.compile(r"[^\x00-\x7f]+(?: [^\x00-\x7f]+)*")


def non_latin_names(doc, prior=NO_PRIOR) -> list[Hit]:
    """Rule `non-latin-name`: a run of two or more letters of another writing system inside
    the story ("Иван Петров", "山田太郎", "محمد"), a client's name or employer written in its
    own script, whatever its case (most scripts have none, so the capitalised-run rules
    never see it). The script comes from each character's Unicode name (`lexicon/scripts.yaml`);
    marks and joiners of the same script stay inside the run, single spaces join two words."""
    if doc.scan.isascii():
        return []
    out = []
    for m in _NON_ASCII.finditer(doc.scan):
        chunk, base = m.group(), m.start()
        i, n = 0, len(chunk)
        while i < n:
            if not (chunk[i].isalpha() and script_of(chunk[i])):
                i += 1
                continue
            j, names, letters = i, [], 0
            while j < n:
                c = chunk[j]
                sc = script_of(c) if c != " " else None
                if sc and (c.isalpha() or unicodedata.category(c)[0] in "MP"):
                    letters += c.isalpha()
                    if c.isalpha() and sc not in names:
                        names.append(sc)
                    j += 1
                elif c == " " and j + 1 < n and chunk[j + 1].isalpha() and \
                        script_of(chunk[j + 1]):
                    j += 1
                else:
                    break
            end = j
            while end > i and not chunk[end - 1].isalpha() and \
                    unicodedata.category(chunk[end - 1])[0] != "M":
                end -= 1                 # a trailing middle dot or punctuation
            s, e = base + i, base + end
            if letters >= 2 and not prior.claimed(s, e):
                out.append(Hit(s, e, "PERSON", "non-latin-name",
                               f"a name written in {' and '.join(names)} script "
                               f"(a client's or an employer's name?)"))
            i = max(j, i + 1)
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
            if part not in STOP:
                out.append(part)
        elif category == "ORG":
            if not stop(part, doc) and part.rstrip(".") not in lexicon.ORG_SUFFIXES \
                    and not gz.is_word(part):
                out.append(part)
    return out


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
        for s, e in occurrences(doc.scan, name):
            if covered.contains(s, e) or prior.claimed(s, e) or doc.is_allowed(s, e):
                continue
            covered.add(s, e)
            out.append(Hit(s, e, cat, "repeat",
                           f"'{name}' is a name found elsewhere in this story"))
    return out


def occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """The spans of `name` as a whole word in `text`: those of `_occurrences(name)`, found
    with `str.find` and a look at the characters on either side. Every story has names of
    its own, so the regex was compiled anew for nearly every name (a third of a
    millisecond each, more than the search)."""
    out: list[tuple[int, int]] = []
    n, size = len(name), len(text)
    i = text.find(name)
    while i >= 0:
        e = i + n
        ok = i == 0 or not _joins(text[i - 1], _BEFORE_NAME)
        if ok and e < size:
            c = text[e]
            ok = not _joins(c, "@-") and not (
                c == "." and e + 1 < size and _joins(text[e + 1], ""))
        if ok:
            out.append((i, e))
            i = text.find(name, e)
        else:
            i = text.find(name, i + 1)
    return out


_BEFORE_NAME = "@#/.-"


def _joins(c: str, also: str) -> bool:
    """Is `c` a word character (as the regex `\\w` reads one) or one of `also`?"""
    return c in also or c.isalnum() or c == "_"


@functools.lru_cache(maxsize=4096)
def _occurrences(name: str) -> re.Pattern:
    """(The definition of `occurrences`, kept for its tests.) `name` as a whole word: not after a word character, '@', '#', '/', '.' or '-' (tested
    after the name, one name's length further back, so that the regex engine skips from one
    occurrence of the name to the next), and not before one."""
    n = re.escape(name)
    return re.compile(n + r"(?<![\w@#/.-]" + n + r")(?![\w@-]|\.\w)")


def _person_context(doc, s, e) -> bool:
    after = doc.after(e, 1)
    return bool(after) and after[0] in PERSON_VERBS
