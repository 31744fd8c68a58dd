"""Facets that guide instead of block: coarse role levels, coarse sectors and theme keys.

Coaches write roles, sectors and themes in their own words ("Regional Director", "IT
services", "delegating"). This module places that wording on the site's coarse facets, from
tables in ``casebook/data/`` (role_levels.yaml, sectors.yaml, themes.yaml) rather than from
Python literals, so the knowledge can be reviewed and extended without touching code:

* ``role_level("SVP Engineering")`` -> ``"Executive"``
* ``sector_facet("IT services")`` -> ``"Technology"``
* ``theme_key("Delegating") == theme_key("delegation ")``

Everything returns ``None`` (or an empty key) rather than guessing when the tables cannot
place a value. Pure functions: the module reads its data files once and imports only the
standard library and PyYAML.
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

# libyaml's safe loader when PyYAML has it (ten times faster), as casebook.datafile reads the
# other data files: this module imports nothing from casebook.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA = Path(__file__).resolve().parent / "data"

_WORD = re.compile(r"[^\W_]+")          # letters and digits of any script
_APOSTROPHES = str.maketrans("", "", "'’‘ʼ")
_SEGMENT = re.compile(r"[,;:()\[\]{}]")
_VOWELS = frozenset("aeiouy")
_GROUP = re.compile(r"\{([a-z_]+)\}")   # {name} in a role pattern: a word list from groups


# --- Text helpers ------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Accents dropped, case folded, "&" read as "and", apostrophes removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().replace("&", " and ").translate(_APOSTROPHES)


def _words(text: str) -> list[str]:
    """The words of a text, folded: "Vice-President – Delivery" -> [vice, president, delivery]."""
    return _WORD.findall(_fold(text))


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"{DATA / name}: expected a mapping at the top level")
    return data


def _pairs(rows, where: str) -> tuple[tuple[str, str], ...]:
    out = []
    for row in rows or ():
        if not (isinstance(row, list) and len(row) == 2):
            raise ValueError(f"{where}: expected [ending, replacement], got {row!r}")
        out.append((str(row[0]), str(row[1])))
    return tuple(out)


# --- Word rules (themes.yaml) -------------------------------------------------------------

@dataclass(frozen=True)
class _WordRules:
    stop_words: frozenset[str]
    spellings: tuple[tuple[str, str], ...]
    plural_min_length: int
    plural_keep_endings: tuple[str, ...]
    plural_keep_words: frozenset[str]
    plural_rules: tuple[tuple[str, str], ...]
    inflection_min_stem: int
    inflections: tuple[str, ...]
    keep_double: frozenset[str]
    derivation_min_stem: int
    derivation_keep_words: frozenset[str]
    derivations: tuple[tuple[str, str], ...]
    final_e_min_length: int
    acronym_min_capitals: int
    acronym_max_length: int
    near_ratio: float
    whole_word_containment: bool


@functools.cache
def _word_rules() -> _WordRules:
    d = _load("themes.yaml")
    plural, infl, deriv = d["plural"], d["inflections"], d["derivations"]
    display, near = d.get("display", {}), d.get("near_duplicates", {})
    return _WordRules(
        stop_words=frozenset(d.get("stop_words") or ()),
        spellings=_pairs(d.get("spellings"), "themes.yaml spellings"),
        plural_min_length=int(plural["min_length"]),
        plural_keep_endings=tuple(plural.get("keep_endings") or ()),
        plural_keep_words=frozenset(plural.get("keep_words") or ()),
        plural_rules=_pairs(plural["rules"], "themes.yaml plural.rules"),
        inflection_min_stem=int(infl["min_stem"]),
        inflections=tuple(infl["suffixes"]),
        keep_double=frozenset(infl.get("keep_double") or ()),
        derivation_min_stem=int(deriv["min_stem"]),
        derivation_keep_words=frozenset(deriv.get("keep_words") or ()),
        derivations=_pairs(deriv["rules"], "themes.yaml derivations.rules"),
        final_e_min_length=int(d["final_e"]["min_length"]),
        acronym_min_capitals=int(display.get("acronym_min_capitals", 2)),
        acronym_max_length=int(display.get("acronym_max_length", 5)),
        near_ratio=float(near.get("ratio", 0.85)),
        whole_word_containment=bool(near.get("whole_word_containment", True)),
    )


def _singular(word: str) -> str:
    """A folded word made singular by the plural rules: "charities" -> "charity"."""
    r = _word_rules()
    if (len(word) < r.plural_min_length or word in r.plural_keep_words
            or word.endswith(r.plural_keep_endings) or not word.isalpha()):
        return word
    for ending, replacement in r.plural_rules:
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


def _stem(word: str) -> str:
    """A folded word reduced to its stem (see themes.yaml): "delegating" -> "delegat"."""
    if not word.isalpha():
        return word
    r = _word_rules()
    word = _singular(word)
    for ending, replacement in r.spellings:
        if word.endswith(ending):
            word = word[: -len(ending)] + replacement
            break
    for suffix in r.inflections:
        stem = word[: -len(suffix)]
        if (word.endswith(suffix) and len(stem) >= r.inflection_min_stem
                and _VOWELS.intersection(stem)):
            if stem[-1] == stem[-2] and stem[-1] not in _VOWELS | r.keep_double:
                stem = stem[:-1]
            word = stem
            break
    changed = True
    while changed and word not in r.derivation_keep_words:
        changed = False
        for ending, replacement in r.derivations:
            if word.endswith(ending) and len(word) - len(ending) >= r.derivation_min_stem:
                word = word[: -len(ending)] + replacement
                changed = True
                break
    if word.endswith("e") and len(word) > r.final_e_min_length:
        word = word[:-1]
    return word


# --- Role levels (role_levels.yaml) -------------------------------------------------------

@dataclass(frozen=True)
class _RoleRule:
    level: str
    patterns: tuple[str, ...]
    regex: re.Pattern


@dataclass(frozen=True)
class _RoleTable:
    levels: tuple[str, ...]
    rules: tuple[_RoleRule, ...]


@functools.cache
def _role_table() -> _RoleTable:
    d = _load("role_levels.yaml")
    levels = tuple(d["levels"])
    groups = {name: "(?:" + "|".join(words) + ")" for name, words in d.get("groups", {}).items()}

    def expand(match: re.Match) -> str:
        if match[1] not in groups:
            raise ValueError(f"role_levels.yaml: no group named {match[1]!r}")
        return groups[match[1]]

    rules = []
    for i, rule in enumerate(d["rules"]):
        level, patterns = rule["level"], tuple(rule["patterns"])
        if level not in levels:
            raise ValueError(f"role_levels.yaml rule {i}: level {level!r} is not in levels")
        # Whole words only, optionally plural: "lead" matches "team leads", not "leadership".
        body = "|".join(f"(?:{_GROUP.sub(expand, p)})" for p in patterns)
        regex = re.compile(rf"(?<![^\W_])(?:{body})s?(?![^\W_])")
        rules.append(_RoleRule(level, patterns, regex))
    return _RoleTable(levels, tuple(rules))


def role_levels() -> tuple[str, ...]:
    """The coarse role levels role_level() can return, most senior first (Founder last)."""
    return _role_table().levels


# A build asks for the facets of each story's role and sector several times (the review's
# vocabulary warnings, the explorer, the home page), and stories share their wording: each
# distinct text is placed once. The tables are read once and cannot change meanwhile.
@functools.lru_cache(maxsize=65536)
def role_level(role: str | None) -> str | None:
    """The coarse level of a free-text role, or None when the table cannot place it.

    The part before the first comma is tried first, then the whole role; within a text the
    first rule of role_levels.yaml with a matching pattern decides:
    "Regional Director, retail" -> "Director", "SVP Engineering" -> "Executive",
    "Head of Operations" -> "Senior leader", "Career break" -> None.
    """
    if not role or not role.strip():
        return None
    parts = [role.split(",", 1)[0], role] if "," in role else [role]
    table = _role_table()
    for part in parts:
        text = " ".join(_words(part))
        if not text:
            continue
        for rule in table.rules:
            if rule.regex.search(text):
                return rule.level
    return None


# --- Sectors (sectors.yaml) ---------------------------------------------------------------

@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    label: str
    fallback: bool


@dataclass(frozen=True)
class _SectorTable:
    labels: tuple[str, ...]
    connectors: frozenset[str]
    by_first_word: Mapping[str, tuple[_Phrase, ...]]


def _sector_words(text: str) -> list[str]:
    return [_singular(w) for w in _words(text)]


@functools.cache
def _sector_table() -> _SectorTable:
    d = _load("sectors.yaml")
    labels, index = [], {}
    for facet in d["sectors"]:
        label, fallback = facet["label"], bool(facet.get("fallback", False))
        labels.append(label)
        for phrase in facet["words"]:
            words = tuple(_sector_words(str(phrase)))
            if not words:
                raise ValueError(f"sectors.yaml {label}: {phrase!r} has no words")
            index.setdefault(words[0], []).append(_Phrase(words, label, fallback))
    if len(set(labels)) != len(labels):
        raise ValueError("sectors.yaml: a label is listed twice")
    return _SectorTable(tuple(labels), frozenset(_sector_words(" ".join(d["connectors"]))),
                        MappingProxyType({k: tuple(v) for k, v in index.items()}))


def sector_labels() -> tuple[str, ...]:
    """The coarse sector facets sector_facet() can return."""
    return _sector_table().labels


def _phrase_matches(words: list[str], table: _SectorTable) -> list[tuple[int, int, _Phrase]]:
    """(start, end, phrase) for every listed phrase in words, overlaps resolved longest-first."""
    found = []
    for i, word in enumerate(words):
        for phrase in table.by_first_word.get(word, ()):
            n = len(phrase.words)
            if tuple(words[i:i + n]) == phrase.words:
                found.append((i, i + n, phrase))
    kept: list[tuple[int, int, _Phrase]] = []
    taken: set[int] = set()
    for start, end, phrase in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end, phrase))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[0])


def _zones(words: list[str], matches, connectors: frozenset[str]) -> list[range]:
    """Word ranges between connector words that are not part of a matched phrase."""
    inside = {i for start, end, _ in matches for i in range(start, end)}
    cuts = [i for i, w in enumerate(words) if w in connectors and i not in inside]
    bounds = [-1, *cuts, len(words)]
    return [range(a + 1, b) for a, b in zip(bounds, bounds[1:]) if b > a + 1]


@functools.lru_cache(maxsize=65536)
def sector_facet(sector: str | None) -> str | None:
    """The coarse sector facet of a free-text sector, or None when the table cannot place it.

    The first segment (split at punctuation and connector words such as "for", "serving")
    holding a listed phrase decides, and in it the phrase ending last (the head noun):
    "IT services" -> "Technology", "Software for banks" -> "Technology", "NHS trust" ->
    "Healthcare", "Insurance company" -> "Financial services". Generic words ("company",
    "startup") give "Private sector company" only when nothing else matched.
    """
    if not sector or not sector.strip():
        return None
    table = _sector_table()
    fallback = None
    for segment in _SEGMENT.split(sector):
        words = _sector_words(segment)
        matches = _phrase_matches(words, table)
        for zone in _zones(words, matches, table.connectors):
            inner = [m for m in matches if m[0] in zone]
            specific = [m for m in inner if not m[2].fallback]
            if specific:
                return max(specific, key=lambda m: (m[1], m[1] - m[0]))[2].label
            if inner and fallback is None:
                fallback = max(inner, key=lambda m: (m[1], m[1] - m[0]))[2].label
    return fallback


# --- Themes (themes.yaml) -----------------------------------------------------------------

@functools.lru_cache(maxsize=65536)
def theme_key(theme: str) -> str:
    """A normalisation key under which spellings of one theme collapse; "" for no words.

    Case, accents, whitespace, hyphens vs spaces, articles, plurals and -ing/-ed/-ion/-ment/
    -ness/-ship forms are ironed out by the rules in themes.yaml, word order is kept:
    "Delegation", "delegating", "Delegate" -> "delegat"; "new managers", "New manager" ->
    "new manager"; "360-feedback" -> "360 feedback".
    """
    if not theme:
        return ""
    stop = _word_rules().stop_words
    return " ".join(_stem(w) for w in _words(theme) if w not in stop)


@functools.lru_cache(maxsize=65536)
def _display(theme: str) -> str:
    """A theme as shown: whitespace collapsed, lower case except acronyms ("DEI", "C-suite")."""
    r = _word_rules()

    def part(p: str, hyphenated: bool) -> str:
        core = p[:-1] if p.endswith("s") and len(p) > 2 else p
        capitals = sum(c.isupper() for c in core)
        acronym = (capitals >= r.acronym_min_capitals and len(core) <= r.acronym_max_length
                   and not any(c.islower() for c in core))
        if acronym or (hyphenated and len(p) == 1 and p.isupper()):
            return p
        return p.lower()

    words = []
    for word in theme.split():
        pieces = word.split("-")
        words.append("-".join(part(p, len(pieces) > 1) for p in pieces))
    return " ".join(words)


def canonical_themes(themes: Iterable[str]) -> dict[str, str]:
    """Key -> display form for every theme given, keys in the order first seen.

    The display form is the most common spelling among the themes sharing a key (ties go to
    the first seen), in lower case unless a word is an acronym:
    ["Delegation", "delegating", "delegation"] -> {"delegat": "delegation"}.
    """
    spellings: dict[str, dict[str, list[int]]] = {}
    for i, theme in enumerate(themes):
        key = theme_key(theme)
        if not key:
            continue
        shown = spellings.setdefault(key, {}).setdefault(_display(theme), [0, i])
        shown[0] += 1
    return {key: max(forms, key=lambda f: (forms[f][0], -forms[f][1]))
            for key, forms in spellings.items()}


def _similar(a: str, b: str, ratio: float) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio
            and matcher.ratio() >= ratio)


def near_duplicates(themes: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of distinct theme keys that look like typos or variants of each other.

    For a "did you mean" warning: keys equal but for spaces ("burn out" ~ "burnout"), keys
    where one holds the other as whole words ("feedback" ~ "360 feedback"), and keys whose
    difflib ratio, or the ratio of two of their spellings, reaches themes.yaml's threshold
    ("feedbak" ~ "feedback"; "leadershp" ~ "leadership", whose key is shorter). Each pair is
    (earlier key, later key) in the order the themes were first seen.
    """
    r = _word_rules()
    spellings: dict[str, set[str]] = {}
    for theme in themes:
        key = theme_key(theme)
        if key:
            spellings.setdefault(key, set()).add(" ".join(_words(theme)))
    keys = list(spellings)

    def alike(a: str, b: str) -> bool:
        if a.replace(" ", "") == b.replace(" ", ""):
            return True
        short, long = sorted((a, b), key=len)
        if r.whole_word_containment and f" {short} " in f" {long} ":
            return True
        return _similar(a, b, r.near_ratio) or any(
            _similar(x, y, r.near_ratio) for x in spellings[a] for y in spellings[b])

    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:] if alike(a, b)]
