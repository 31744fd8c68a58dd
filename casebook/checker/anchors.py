"""Literal anchors of a pre-filter regex: strings one of which every match contains.

`Document.lines_with` names the lines a pre-filter matches. A long alternation of words
("first|only|youngest|...|Nobel|OBE") is slow to search with a regex: the engine tries every
branch at every character. `str.find` of each word is fast. So a pre-filter is split into
its top-level alternatives, and each alternative gets its anchors: a literal run it always
contains ("won" in `\\bwon\\b`, "year" in `year[- ]old`) or, failing that, an unquantified
group all of whose alternatives have anchors ("based", "owned" in `-(?:based|owned)`).
Alternatives without anchors of at least `MIN_ANCHOR` characters are left to a regex of
their own (`\\d,\\d{3}`). A line that holds no anchor and no match of that regex cannot hold
a match of the pre-filter; the lines that do are then tested with the pre-filter itself, so
the lines named are exactly those the pre-filter matches.

Only plain regex syntax is understood: literals, escapes of punctuation, the escapes
\\d \\D \\w \\W \\s \\S \\b \\B \\A \\Z, classes, groups, look-arounds and quantifiers. Anything
else (inline flags, named groups, back-references, \\x and \\u escapes) makes `split`
answer None: the caller then searches with the regex alone.
"""
from __future__ import annotations

import functools
import re

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


def _anchors_of(alt: str) -> tuple[str, ...] | None:
    """The best anchors of one alternative (the candidate whose shortest string is the
    longest), or None when it has none."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []
    last = None              # what the previous token was: "char", "group", "other"
    group: tuple[str, ...] | None = None
    i, n = 0, len(alt)

    def end_run():
        if run:
            candidates.append(("".join(run),))
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
            inner = alt[i + 1:j - 1]
            if inner.startswith("?"):
                if inner.startswith((":",), 1):
                    inner = inner[2:]
                elif inner.startswith(("=", "!", "<=", "<!"), 1):
                    inner = None          # a look-around consumes nothing
                else:
                    raise Unsupported("inline flags or a named group")
            if inner is not None:
                got = split_anchors(inner)
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


def split_anchors(p: str) -> tuple[str, ...] | None:
    """Anchors of a whole pattern (one set for all its alternatives), or None."""
    out: list[str] = []
    for alt in alternatives(p):
        got = _anchors_of(alt)
        if got is None:
            return None
        out += got
    return tuple(out)


@functools.lru_cache(maxsize=128)
def split(p: str) -> tuple[tuple[str, ...], re.Pattern | None] | None:
    """(anchors, rest): the anchors of the alternatives that have good ones (each at least
    MIN_ANCHOR characters), and a regex of the other alternatives (None when there are
    none). None when the pattern uses syntax this module does not read, or when no
    alternative has good anchors (the regex alone is then as good)."""
    try:
        anchors: list[str] = []
        rest: list[str] = []
        for alt in alternatives(p):
            got = _anchors_of(alt)
            if got is not None and min(len(s) for s in got) >= MIN_ANCHOR:
                anchors += got
            else:
                rest.append(alt)
    except Unsupported:
        return None
    if not anchors:
        return None
    # An anchor holding another ("awarded", "award") names no line the other does not.
    unique = list(dict.fromkeys(anchors))
    kept = tuple(a for a in unique if not any(b != a and b in a for b in unique))
    return kept, re.compile("|".join(rest)) if rest else None
