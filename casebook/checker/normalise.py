"""What a reader sees: one text normalisation for everything the checker reads.

A name can reach a reader's screen in forms a pattern over the source never sees:
`O<!-- -->ksana` (the comment vanishes), `&#79;ksana` (the browser decodes it), `O*ksana*`
(emphasis inside a word), a zero-width space or a soft hyphen inside it, decomposed accents,
fullwidth `＠`, `"\\u004Ceeds"` in a quoted YAML value, `0ksana` with a zero. `normalise`
undoes each of them and keeps, for every character it produces, the offset of the source
character it came from, so findings in the normalised text point at the coach's own line and
column.

The tables of what is undone live in `casebook/data/normalise.yaml`.
"""
from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from ..datafile import load_yaml


@functools.cache
def _table() -> dict:
    path = resources.files("casebook").joinpath("data", "normalise.yaml")
    return load_yaml(path.read_text(encoding="utf-8"))


@functools.cache
def _invisible() -> re.Pattern:
    """Characters that render as nothing: format and control characters, selectors."""
    ranges = "".join(f"\\U{int(a, 16):08x}-\\U{int(b, 16):08x}"
                     for a, b in (r.split("-") for r in _table()["invisible_ranges"]))
    return re.compile(f"[{ranges}]")


@functools.cache
def _markup() -> re.Pattern:
    """Markup that readers never see between two letters: comments, inline tags, Markdown
    emphasis and code marks."""
    marks = "|".join(re.escape(m) for m in _table()["inline_marks"])
    tags = "|".join(_table()["inline_tags"])
    return re.compile(r"(?:<!--.*?-->|</?(?:" + tags + r")\b[^<>]*>|" + marks + r")+", re.S | re.I)


_REF = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_PERCENT = re.compile(r"%([0-9a-fA-F]{2})")
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, per character, its offset in the source."""

    text: str
    src: tuple[int, ...]        # len(text) + 1 entries; the last is len(source)
    tricks: frozenset[str]      # what was undone: "references", "markup", "invisible", ...
    ends: tuple[int, ...] = ()  # per character, where its source unit ends

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """A span of the normalised text as a span of the source."""
        if end <= start:
            return self.src[start], self.src[start]
        return self.src[start], self.ends[end - 1]

    def to_normalised(self, offset: int) -> int:
        return bisect.bisect_left(self.src, offset, 0, len(self.src) - 1)


class _Builder:
    def __init__(self):
        self.out: list[str] = []
        self.src: list[int] = []
        self.ends: list[int] = []
        self.run = False       # is the last piece of `out` a run copied as it is?

    def add(self, text: str, at: int, until: int | None = None) -> None:
        self.out.append(text)
        self.src.extend([at] * len(text))
        self.ends.extend([at + 1 if until is None else until] * len(text))
        self.run = False

    def copy(self, text: str, src, ends) -> None:
        """A run of characters that stay as they are, each with its own source offsets."""
        if text:
            self.out.append(text)
            self.src.extend(src)
            self.ends.extend(ends)
            self.run = True

    def pop(self) -> tuple[str, int, int]:
        """The last character added (the whole last piece when it was not a copied run)."""
        if self.run and len(self.out[-1]) > 1:
            last = self.out[-1]
            self.out[-1] = last[:-1]
            return last[-1], self.src.pop(), self.ends.pop()
        self.run = False
        piece = self.out.pop()
        at, until = self.src[-len(piece)], self.ends[-1]
        del self.src[-len(piece):], self.ends[-len(piece):]
        return piece, at, until

    def result(self, end: int, tricks: set[str]) -> Normalised:
        return Normalised("".join(self.out), tuple(self.src) + (end,), frozenset(tricks),
                          tuple(self.ends))


def _between_letters(text: str, a: int, b: int) -> bool:
    return a > 0 and b < len(text) and text[a - 1].isalnum() and text[b].isalnum()


def normalise(text: str, yaml_scalars=()) -> Normalised:
    """`text` as a reader would read it. `yaml_scalars` are (start, end, value) of quoted
    front-matter values whose source differs from their value (YAML escapes)."""
    tricks: set[str] = set()
    # Pass 1: undo, left to right, what the source spells differently from what is shown.
    b = _Builder()
    replaced = {s: (e, v) for s, e, v in yaml_scalars}
    markup = _markup()
    invisible = _invisible()
    special = _special()
    i, n = 0, len(text)
    while i < n:
        # Characters that cannot start anything to undo are copied in one run.
        m = special.search(text, i)
        j = m.start() if m else n
        if replaced:
            j = min([j] + [k for k in replaced if i <= k < j])
        if j > i:
            b.copy(text[i:j], range(i, j), range(i + 1, j + 1))
            i = j
            continue
        if i in replaced:
            end, value = replaced[i]
            b.add(text[i], i)                     # the opening quote
            for ch in value:
                b.add(ch, i + 1, end - 1)         # the whole value, as the coach typed it
            b.add(text[end - 1], end - 1)         # the closing quote
            tricks.add("YAML escapes")
            i = end
            continue
        c = text[i]
        if c == "&":
            m = _REF.match(text, i)
            if m:
                decoded = html.unescape(m.group())
                if decoded != m.group():
                    b.add(decoded, i, m.end())
                    tricks.add("HTML character references")
                    i = m.end()
                    continue
        if c == "%" and i + 2 < n:
            m = _PERCENT.match(text, i)
            if m:
                ch = chr(int(m.group(1), 16))
                if ch.isprintable() and ch.isascii() and ch not in "% ":
                    b.add(ch, i, m.end())
                    tricks.add("percent-encoding")
                    i = m.end()
                    continue
        if c in "<*_`=~^+":
            m = markup.match(text, i)
            if m and _between_letters(text, i, m.end()):
                tricks.add("markup inside a word")
                i = m.end()
                continue
        if invisible.match(c):
            tricks.add("invisible characters")
            i += 1
            continue
        b.add(c, i)
        i += 1
    first = b.result(n, tricks)
    # Pass 2: Unicode compatibility forms (fullwidth, ligatures, decomposed accents), then
    # look-alike letters inside words; each output character keeps its source offset.
    b2 = _Builder()
    t = first.text
    folds = _table()["lookalikes"]
    unusual = _unusual()
    j, n2 = 0, len(t)
    while j < n2:
        m = unusual.search(t, j)
        k = m.start() if m else n2
        if k > j:       # plain ASCII, no look-alike digit: as it is
            b2.copy(t[j:k], first.src[j:k], first.ends[j:k])
            j = k
            continue
        pos, ch = j, t[j]
        at, until = first.src[j], first.ends[j]
        j += 1
        if ch.isascii():
            if ch in folds and _lookalike_in_word(t, pos):
                b2.add(folds[ch], at, until)
                tricks.add("look-alike characters")
            else:
                b2.add(ch, at, until)
            continue
        if unicodedata.combining(ch) and b2.out:
            # a combining accent: compose it with the character before
            prev, prev_at, _ = b2.pop()
            composed = unicodedata.normalize("NFC", prev + ch)
            b2.add(composed, prev_at, until)
            if len(composed) == 1:
                tricks.add("decomposed accents")
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            tricks.add("look-alike Unicode characters")
        b2.add(folded, at, until)
    return b2.result(n, tricks)


@functools.cache
def _special() -> re.Pattern:
    """A character where pass 1 may undo something."""
    return re.compile("[&%<*_`=~^+]|" + _invisible().pattern)


@functools.cache
def _unusual() -> re.Pattern:
    """A character where pass 2 may fold something: non-ASCII, or a look-alike."""
    folds = "".join(re.escape(c) for c in _table()["lookalikes"])
    return re.compile(r"[^\x00-\x7f" + "]" + (f"|[{folds}]" if folds else ""))


def is_invisible(c: str) -> bool:
    """Does the reading drop this character (a format or control character, a selector)?"""
    return bool(_invisible().match(c))


def lookalike_folds(text: str) -> bool:
    """Would pass 2 fold a look-alike digit of `text` ('0ksana', 'Ok0ana'), were pass 1 to
    leave the text as it is?"""
    for ch in _table()["lookalikes"]:
        if not ch.isascii():
            continue
        j = text.find(ch)
        while j >= 0:
            if _lookalike_in_word(text, j):
                return True
            j = text.find(ch, j + 1)
    return False


def _lookalike_in_word(t: str, j: int) -> bool:
    """A digit standing for a letter: inside a run of letters ('0ksana', 'Ok5ana' is not
    folded: only the table's characters, and only with letters on a side and no digit)."""
    left = t[j - 1] if j > 0 else " "
    right = t[j + 1] if j + 1 < len(t) else " "
    if left.isdigit() or right.isdigit():
        return False
    # word-initial, followed by two lower-case letters: '0ksana'
    if not left.isalnum():
        return right.isalpha() and right.islower() and t[j + 2:j + 3].isalpha()
    return left.isalpha() and right.isalpha()


def yaml_escapes(text: str, scalars) -> list[tuple[int, int, str]]:
    """(start, end, value) of double-quoted scalars whose source spells their value with
    escapes: the reader sees the value."""
    out = []
    for sc in scalars:
        if sc.style == '"' and "\\" in text[sc.start:sc.end]:
            out.append((sc.start, sc.end, sc.value))
    return out
