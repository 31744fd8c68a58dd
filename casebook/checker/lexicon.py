"""Generic vocabulary the checker uses to explain capitalised words away (or to find cues).

Everything here is general English and coaching-domain knowledge: job titles, governance
bodies, instruments and frameworks, calendar words, honorifics, organisation suffixes. No
list names a particular client, firm or place. Places and first names come from registry
gazetteers (see `gazetteers.py`).

The knowledge itself is data, in `casebook/data/`: plain-text lists (one term per line, `#`
comments, `a | b` for spelling variants of one term) and YAML pattern tables, each with a
header saying what it is for and where it comes from. This module loads each file once and
exposes the lists under the names the detectors import, as frozensets and tuples.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

DATA_PACKAGE = "casebook"
DATA_DIR = "data"

_FRAGMENT = re.compile(r"\{([A-Z][A-Z_]*)\}")


def _path(name: str):
    return resources.files(DATA_PACKAGE).joinpath(DATA_DIR, *name.split("/"))


def parse_list(text: str) -> tuple[tuple[str, ...], ...]:
    """The entries of a list file: one tuple of spelling variants per line, in file order.

    Blank lines and comments (a line starting with `#`, or ` #` after a term) are skipped;
    a tab ends the term too (what follows is a note, such as an author's best-known book).
    """
    out = []
    for line in text.splitlines():
        line = line.split("\t", 1)[0]
        if line.lstrip().startswith("#"):
            continue
        line = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if not line:
            continue
        out.append(tuple(v.strip() for v in line.split(" | ") if v.strip()))
    return tuple(out)


@functools.cache
def entries(name: str) -> tuple[tuple[str, ...], ...]:
    """The lines of `casebook/data/<name>.txt`, each a tuple of its variants."""
    return parse_list(_path(name + ".txt").read_text(encoding="utf-8"))


@functools.cache
def terms(name: str) -> tuple[str, ...]:
    """Every term (all variants) of a list, in file order."""
    return tuple(v for line in entries(name) for v in line)


@functools.cache
def term_set(name: str) -> frozenset[str]:
    return frozenset(terms(name))


@functools.cache
def table(name: str):
    """A YAML table from `casebook/data/<name>.yaml`."""
    from ..datafile import load_yaml
    return load_yaml(_path(name + ".yaml").read_text(encoding="utf-8"))


def expand(pattern: str, fragments: dict[str, str]) -> str:
    """Replace {NAME} by its fragment (fragments may use earlier fragments)."""
    for _ in range(10):
        new = _FRAGMENT.sub(lambda m: fragments.get(m.group(1), m.group(0)), pattern)
        if new == pattern:
            return new
        pattern = new
    return pattern


def pattern_table(name: str, **extra: str) -> list[tuple[str, re.Pattern, dict]]:
    """(rule, compiled regex, row) for each row of a YAML pattern table, in order."""
    data = table(name)
    frags = {**(data.get("fragments") or {}), **extra}
    out = []
    for row in data["patterns"]:
        flags = 0
        for f in row.get("flags") or ():
            flags |= getattr(re, f)
        out.append((row["rule"], re.compile(expand(row["regex"], frags), flags), row))
    return out


# Words that make up job titles, roles, teams, committees and governance bodies. A
# capitalised run made only of these (plus connectors) is a title, not a name.
TITLE_WORDS = term_set("lexicon/title_words")
# Descriptive words that are often capitalised in titles or for emphasis but identify no one.
GENERIC_CAPS = term_set("lexicon/generic_caps")
# Coaching and management instruments, frameworks, models and methods: public knowledge.
INSTRUMENTS = term_set("lexicon/instruments")

MONTHS = terms("lexicon/months")
MONTH_ABBR = terms("lexicon/month_abbr")
WEEKDAYS = terms("lexicon/weekdays")
HOLIDAYS = term_set("lexicon/holidays")
SEASONS = terms("lexicon/seasons")
HONORIFICS = terms("lexicon/honorifics")

# Last words that make a capitalised run an organisation.
ORG_SUFFIXES = term_set("lexicon/org_suffixes")
# Suffix words that are too generic alone: "Leadership Academy", "Family Council",
# "Executive Team". They make an org only with a name-like word before them.
WEAK_ORG_SUFFIXES = term_set("lexicon/weak_org_suffixes")

# Place-type words: a capitalised name before them is a place.
STREET_SUFFIXES = term_set("lexicon/street_suffixes")
BUILDING_SUFFIXES = term_set("lexicon/building_suffixes")
SITE_WORDS = terms("lexicon/site_words")
# Last words of natural and regional places ("New Forest", "Lake District"), and the phrases
# among them that name no one place ("East Coast").
PLACE_HEADS = term_set("lexicon/place_heads")
GENERIC_PLACES = term_set("lexicon/generic_places")

# Nouns that make "the first/only/youngest ... X" a description of one person.
PERSON_NOUNS = term_set("lexicon/person_nouns")
# Count nouns after a number: "2000 employees" is a quantity, not a year.
COUNT_NOUNS = term_set("lexicon/count_nouns")

CONNECTORS = term_set("lexicon/connectors")
# Connectors allowed inside a capitalised run (between two capitalised words).
INNER_CONNECTORS = term_set("lexicon/inner_connectors")

# Verbs that follow a person's name at the start of a sentence ("Priya said").
PERSON_VERBS = term_set("lexicon/person_verbs")

# Acronyms that name no one: business, HR, finance, tech and public-life vocabulary. Other
# acronyms (a client's initials, an employer's short name) are reported.
ACRONYMS = term_set("lexicon/acronyms")

# Last words of instruments, models and frameworks: "Thomas-Kilmann Conflict Mode
# Instrument", "Situational Leadership Model". Public knowledge, not a client.
INSTRUMENT_SUFFIXES = term_set("lexicon/instrument_suffixes")

# Multiword titles and tools whose first word is also a first name or a brand.
PHRASES = terms("lexicon/phrases")

# Top-level domains for bare web addresses ("firm.co.uk/team"), in the order they are tried.
TLDS = terms("lexicon/tlds")

STOP_CAPS = GENERIC_CAPS | TITLE_WORDS | INSTRUMENTS | HOLIDAYS | frozenset(MONTHS) | \
    frozenset(MONTH_ABBR) | frozenset(WEEKDAYS)
