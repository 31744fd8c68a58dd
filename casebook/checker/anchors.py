"""Literal anchors of a pre-filter regex: strings one of which every match contains.

`Document.lines_with` names the lines a pre-filter matches. A long alternation of words
("first|only|youngest|...|Nobel|OBE") is slow to search with a regex: the engine tries every
branch at every character. `str.find` of each word is fast. So a pre-filter is split into
its top-level alternatives, and each alternative gets its anchors: a literal run it always
contains ("won" in `\\bwon\\b`, "year" in `year[- ]old`) or, failing that, an unquantified
group all of whose alternatives have anchors ("based", "owned" in `-(?:based|owned)`).
Alternatives without anchors of at least `MIN_ANCHOR` characters are left to a regex of
their own (`\\d,\\d{3}`). A line that holds no anchor and no match of that regex cannot hold
a match of the pre-filter; the lines that do are then tested, so the lines named are
exactly those the pre-filter matches.

Most lines need no such test (`plan`): a branch that is a plain string ("first" inside
`(?i:...)`, "Nobel") matches wherever the string stands (in the lower-cased text, for a
case-insensitive one), and a line found by another branch's anchors is tested with that
branch alone, not the whole pre-filter.

Only plain regex syntax is understood: literals, escapes of punctuation, the escapes
\\d \\D \\w \\W \\s \\S \\b \\B \\A \\Z, classes, groups, look-arounds and quantifiers. Anything
else (inline flags, named groups, back-references, \\x and \\u escapes) makes `plan`
answer None: the caller then searches with the regex alone.

Every branch of a pattern is matched as it would be inside the whole pattern: without
back-references, a branch alone (with its `(?i:...)`) matches where the branch does.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

MIN_ANCHOR = 3     # shorter anchors ("at", ".") are in too many lines to save anything

_CLASS_ESCAPES = set("dDwWsSbBAZ")
_QUANTIFIER = re.compile(r"\{\d*(?:,\d*)?\}")


class Unsupported(Exception):
    pass


def _group_end(p: str, i: int) -> int:
    """Index just after the group opened at p[i] == '('."""
    depth, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise Unsupported("unclosed group")


def _class_end(p: str, i: int) -> int:
    """Index just after the class opened at p[i] == '['."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
            continue
        if p[j] == "]":
            return j + 1
        j += 1
    raise Unsupported("unclosed class")


def alternatives(p: str) -> list[str]:
    """The top-level alternatives of a pattern; an alternative that is one whole
    non-capturing group is opened up ("(?:a|b)|c" gives a, b, c)."""
    out, start, i, n = [], 0, 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _class_end(p, i)
        elif c == "(":
            i = _group_end(p, i)
        elif c == "|":
            out.append(p[start:i])
            start = i = i + 1
        elif c == ")":
            raise Unsupported("unbalanced ')'")
        else:
            i += 1
    out.append(p[start:])
    flat = []
    for alt in out:
        if alt.startswith("(?:") and alt and _group_end(alt, 0) == len(alt):
            flat += alternatives(alt[3:-1])
        else:
            flat.append(alt)
    return flat


def _anchors_of(alt: str, lower: bool = False) -> tuple[str, ...] | None:
    """The best anchors of one alternative (the candidate whose shortest string is the
    longest), or None when it has none. `lower`: lower-cased, to be found in the lower-cased
    text (case-insensitive groups are then read too)."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []
    last = None              # what the previous token was: "char", "group", "other"
    group: tuple[str, ...] | None = None
    i, n = 0, len(alt)

    def end_run():
        if run:
            literal = "".join(run)
            candidates.append((literal.lower() if lower else literal,))
            run.clear()

    while i < n:
        c = alt[i]
        if c in "*+?" or (c == "{" and _QUANTIFIER.match(alt, i)):
            # the token before is optional or repeated: no anchor
            if last is None:
                raise Unsupported("nothing to repeat")
            if last == "char":
                run.pop()
                end_run()
            elif last == "group" and group is not None:
                candidates.remove(group)
            m = _QUANTIFIER.match(alt, i) if c == "{" else None
            i = m.end() if m else i + 1
            if i < n and alt[i] in "?+":       # lazy or possessive
                i += 1
            last, group = "other", None
            continue
        group = None
        if c == "\\":
            if i + 1 >= n:
                raise Unsupported("trailing backslash")
            e = alt[i + 1]
            if e.isalnum() or e == "_":
                if e not in _CLASS_ESCAPES:
                    raise Unsupported(f"escape \\{e}")
                end_run()
                last = "other"
            else:
                run.append(e)
                last = "char"
            i += 2
        elif c == "[":
            end_run()
            i = _class_end(alt, i)
            last = "other"
        elif c == "(":
            end_run()
            j = _group_end(alt, i)
            inner = _group_body(alt[i + 1:j - 1], lower, lookaround=True)
            if inner is not None:
                got = split_anchors(inner, lower)
                if got is not None:
                    group = got
                    candidates.append(got)
            i = j
            last = "group"
        elif c in ".^$":
            end_run()
            i += 1
            last = "other"
        elif c in ")|":
            raise Unsupported("unbalanced")
        else:
            run.append(c)
            i += 1
            last = "char"
    end_run()
    if not candidates:
        return None
    return max(candidates, key=lambda cand: min(len(s) for s in cand))


def _group_body(inner: str, lower: bool, *, lookaround: bool = False) -> str | None:
    """What a group holds without its opening: (?: and (?P<name> are plain groups, (?i: one
    only when the caller reads the pattern lower-cased (`lower`: its anchors are then
    lower-cased too); a look-around, where the caller allows one, holds nothing consumed
    (None). Anything else (inline flags, a reference) is Unsupported."""
    if not inner.startswith("?"):
        return inner
    if inner.startswith(":", 1):
        return inner[2:]
    if lookaround and inner.startswith(("=", "!", "<=", "<!"), 1):
        return None
    if inner.startswith("P<", 1) and ">" in inner:
        return inner[inner.index(">") + 1:]
    if lower and inner.startswith("i:", 1):
        return inner[3:]
    raise Unsupported("inline flags or a reference")


def split_anchors(p: str, lower: bool = False) -> tuple[str, ...] | None:
    """Anchors of a whole pattern (one set for all its alternatives), or None."""
    out: list[str] = []
    for alt in alternatives(p):
        got = _anchors_of(alt, lower)
        if got is None:
            return None
        out += got
    return tuple(out)


@dataclass(frozen=True)
class Plan:
    """How to find the lines a pre-filter matches (see the module's docstring)."""

    proven_folded: tuple[str, ...]   # a line holding one in the lower-cased text matches
    proven: tuple[str, ...]          # a line holding one in the text matches
    anchored: tuple[tuple[tuple[str, ...], re.Pattern], ...]   # (anchors, the branch)
    rest: re.Pattern | None          # the other branches, searched for in the text


def branches(p: str) -> list[tuple[str, bool]]:
    """The top-level alternatives of `p`, groups that are whole alternatives opened up, each
    with whether it is case-insensitive (inside `(?i:...)`, or after a leading `(?i)`)."""
    out: list[tuple[str, bool]] = []

    def walk(pattern: str, insensitive: bool) -> None:
        for alt in alternatives(pattern):
            if alt.startswith("(?i:") and _group_end(alt, 0) == len(alt):
                walk(alt[4:-1], True)
            else:
                out.append((alt, insensitive))

    if p.startswith("(?i)"):
        walk(p[4:], True)
    else:
        walk(p, False)
    return out


@functools.lru_cache(maxsize=128)
def plan(p: str, fold: Callable[[str], re.Pattern] | None = None) -> Plan | None:
    """The plan for pre-filter `p`; `fold` (the lower-casing of a pattern, for a search of
    the lower-cased text) when the text may be searched lower-cased. None when `p` uses
    syntax this module does not read, or when no branch has good anchors (a search with
    the regex alone is then as good)."""
    proven_folded: list[str] = []
    proven: list[str] = []
    anchored: list[tuple[tuple[str, ...], re.Pattern]] = []
    rest: list[str] = []
    try:
        for alt, insensitive in branches(p):
            source = f"(?i:{alt})" if insensitive else alt
            plain = bool(alt) and alt.isascii() and _PLAIN.fullmatch(alt) is not None
            if plain and insensitive and fold is not None:
                proven_folded.append(alt.lower())
                continue
            if plain and not insensitive:
                proven.append(alt)
                continue
            if fold is not None:
                got = _anchors_of(alt, lower=True)
            elif not insensitive:
                got = _anchors_of(alt)
            else:
                got = None
            if got is not None and min(len(a) for a in got) >= MIN_ANCHOR:
                anchored.append((_minimal(list(got)), re.compile(source)))
            else:
                rest.append(source)
        # The branches without anchors are searched as they are written, in the text as it
        # is: a lower-cased negative test ("[^A-Z]", "(?!Abc)") would skip what it matches.
        rest_rx = re.compile("|".join(rest)) if rest else None
    except (Unsupported, re.error):
        return None
    if not (proven_folded or proven or anchored):
        return None
    return Plan(_minimal(proven_folded), _minimal(proven), tuple(anchored), rest_rx)


_PLAIN = re.compile(r"[^\\.^$*+?{}\[\]|()]+")


def _minimal(strings: list[str]) -> tuple[str, ...]:
    """The strings without those that hold another ("awarded" holds "award"): every line
    holding one of them holds one of those kept."""
    unique = list(dict.fromkeys(strings))
    return tuple(a for a in unique if not any(b != a and b in a for b in unique))


def _read(pattern: str, flags: int, analyse) -> tuple[object, bool]:
    """(what `analyse(pattern, lower)` finds, or None when the regex is verbose or uses
    syntax not read here; whether the regex ignores case anywhere)."""
    lower = bool(flags & re.I) or "(?i" in pattern
    if flags & re.X:
        return None, lower
    p = pattern[4:] if pattern.startswith("(?i)") else pattern
    try:
        return analyse(p, lower), lower
    except Unsupported:
        return None, lower


@functools.lru_cache(maxsize=256)
def hint(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], bool] | None:
    """(anchors, lower): strings of at least MIN_ANCHOR characters one of which every match
    of the regex holds, lower-cased (`lower`, to be found in the lower-cased text) when the
    regex ignores case anywhere; None when it has none, or uses syntax not read here."""
    got, lower = _read(pattern, flags, split_anchors)
    if not got or min(len(a) for a in got) < MIN_ANCHOR:
        return None
    return _minimal(list(got)), lower


# ----------------------------------------------------------------------------- starts
MIN_START = 2      # a one-character start ("a") would stand at nearly every other position


@functools.lru_cache(maxsize=256)
def starts(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], bool] | None:
    """(literals, lower): strings of at least MIN_START characters one of which every match
    of the regex starts with (after its leading zero-width tests), lower-cased (`lower`, to
    be found in the lower-cased text) when the regex ignores case anywhere; None when there
    are none, or the regex uses syntax not read here.

    `Document.finditer` then tries the regex only where one of them stands: a long
    case-insensitive alternation of cue words ("staff|employee|...") is otherwise tried, a
    branch at a time, at every word of every line the pre-filter lets through."""
    got, lower = _read(pattern, flags, _starts_of)
    if not got or min(len(s) for s in got) < MIN_START:
        return None
    if lower and not all(s.isascii() for s in got):
        return None      # lower-casing folds some letters outside ASCII by context (Σ)
    return _shortest(got), lower


def _shortest(strings) -> tuple[str, ...]:
    """The strings without those that start with another ("awarded" with "award"): every
    position where one of them stands has one of those kept."""
    unique = sorted(set(strings), key=len)
    kept: list[str] = []
    for s in unique:
        if not any(s.startswith(k) for k in kept):
            kept.append(s)
    return tuple(kept)


def _starts_of(p: str, lower: bool) -> list[str] | None:
    """Literal starts of a pattern: the union over its alternatives."""
    out: list[str] = []
    for alt in alternatives(p):
        got = _sequence_starts(alt, 0, lower)
        if got is None:
            return None
        out += got
    return out


def _quantifier_at(alt: str, i: int) -> tuple[int, int]:
    """(minimum repeats, index after the quantifier) of the quantifier at alt[i], or (1, i)
    when there is none."""
    n = len(alt)
    if i >= n:
        return 1, i
    c = alt[i]
    if c in "*?":
        lo, j = 0, i + 1
    elif c == "+":
        lo, j = 1, i + 1
    elif c == "{" and (m := _QUANTIFIER.match(alt, i)):
        lo, j = int(m.group()[1:-1].split(",")[0] or 0), m.end()
    else:
        return 1, i
    if j < n and alt[j] in "?+":          # lazy or possessive
        j += 1
    return lo, j


def _past_zero_width(alt: str, i: int) -> int:
    """Where alt[i:] starts consuming: zero-width tests (\\b, ^, look-arounds) consume
    nothing, so a match starts where what follows them does."""
    n = len(alt)
    while i < n:
        if alt.startswith((r"\b", r"\B", r"\A"), i):
            i += 2
        elif alt[i] == "^":
            i += 1
        elif alt.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(alt, i)
            if _quantifier_at(alt, i)[1] != i:
                raise Unsupported("quantified look-around")
        else:
            break
    return i


def _sequence_starts(alt: str, i: int, lower: bool) -> list[str] | None:
    """Literal starts of the sequence alt[i:] (one alternative, no top-level '|'). An empty
    rest has none (None): a match could end there."""
    n = len(alt)
    i = _past_zero_width(alt, i)
    if i >= n:
        return None
    c = alt[i]
    if c == "(":
        j = _group_end(alt, i)
        inner = _group_body(alt[i + 1:j - 1], lower)
        lo, k = _quantifier_at(alt, j)
        got = _starts_of(inner, lower)
        if lo == 0:
            # An optional group: the match starts with it or with what follows it.
            rest = _sequence_starts(alt, k, lower)
            return None if got is None or rest is None else got + rest
        return got
    # A run of literal characters (escaped punctuation among them).
    run: list[str] = []
    while i < n:
        c = alt[i]
        if c == "\\":
            if i + 1 >= n:
                raise Unsupported("trailing backslash")
            e = alt[i + 1]
            if e.isalnum() or e == "_":
                if e not in _CLASS_ESCAPES:
                    raise Unsupported(f"escape \\{e}")
                break
            ch, j = e, i + 2
        elif c in "[(.^$)|*+?{":
            if c == "{" and not _QUANTIFIER.match(alt, i):
                ch, j = c, i + 1            # a brace that quantifies nothing is a literal
            else:
                break
        else:
            ch, j = c, i + 1
        lo, k = _quantifier_at(alt, j)
        if k != j:
            if lo >= 1:
                run.append(ch)              # "a+": the match starts with "a" at least
            break
        run.append(ch)
        i = j
    if not run:
        return None
    literal = "".join(run)
    return [literal.lower() if lower else literal]


# ----------------------------------------------------------------------------- first characters
_PROSE = "abcdefghijklmnopqrstuvwxyz \n"     # what most of a story is made of


@functools.lru_cache(maxsize=256)
def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A regex of one character that matches the first character of every match of the
    regex ("[A-Z]|\\d|#"), or None: when the regex ignores case, uses syntax not read here,
    or may start with a lower-case letter or a space (then most positions of a story are
    candidates, and a search for them saves nothing).

    For a regex that starts with a test of what comes before it (`\\b`, a look-behind), the
    regex engine tries every position; a search for its first characters skips to the few
    that may start a match ("19", "2024", "AB-1234" in a line of prose)."""
    if flags & (re.X | re.I) or "(?i" in pattern:
        return None
    try:
        items = _first_of(pattern)
    except Unsupported:
        return None
    if not items:
        return None
    source = "|".join(dict.fromkeys(items))
    try:
        rx = re.compile(source)
    except re.error:
        return None
    if rx.search(_PROSE):
        return None
    return source


def _first_of(p: str) -> list[str] | None:
    """One-character regexes, one of which matches the first character of every match of
    `p`: the union over its alternatives (None when one has none)."""
    out: list[str] = []
    for alt in alternatives(p):
        got = _sequence_first(alt, 0)
        if got is None:
            return None
        out += got
    return out


def _sequence_first(alt: str, i: int) -> list[str] | None:
    n = len(alt)
    i = _past_zero_width(alt, i)
    if i >= n:
        return None                     # a match could end here: it may be empty
    c = alt[i]
    if c == "(":
        j = _group_end(alt, i)
        inner = _group_body(alt[i + 1:j - 1], False)     # (?i:...) is not read here
        got = _first_of(inner)
        end = j
    elif c == "[":
        end = _class_end(alt, i)
        if alt.startswith("[^", i):
            return None                 # a negated class: most characters
        got = [alt[i:end]]
    elif c == "\\":
        if i + 1 >= n:
            raise Unsupported("trailing backslash")
        e = alt[i + 1]
        if e in "ds":
            got = ["\\" + e]
        elif e.isalnum() or e == "_":
            return None                 # \w, \D, \S, \W: most characters
        else:
            got = [re.escape(e)]
        end = i + 2
    elif c in ".$)|*+?{":
        return None
    else:
        got = [re.escape(c)]
        end = i + 1
    lo, k = _quantifier_at(alt, end)
    if got is None:
        return None
    if lo == 0:
        # Optional: the match starts with it or with what follows it.
        rest = _sequence_first(alt, k)
        return None if rest is None else got + rest
    return got
