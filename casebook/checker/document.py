"""The text a detector reads: the whole story, with region awareness.

`Document.scan` has exactly the length of the story's text, with the parts that are not
published content blanked out (front-matter keys, the values of metadata fields such as
`date:` and `pseudonyms:`, inline suppression comments). Offsets in `scan` are offsets in the
original file, so findings point at the coach's own line and column. Everything else is read:
front-matter values and YAML comments, HTML comments, headings, alt text, link targets, code
spans, tables, footnotes.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from ..schema import METADATA_KEYS
from ..story import Story
from . import anchors

_FM_OPEN = re.compile(r"\A---[ \t]*\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
SUPPRESS = re.compile(
    r"<!--\s*casebook:\s*allow\s+(?:\"([^\"\n]*)\"|'([^'\n]*)')"
    r"(?:\s+reason\s*=\s*(?:\"([^\"\n]*)\"|'([^'\n]*)'))?\s*-->")
_LINE_MARKERS = re.compile(r"[ \t]*(?:(?:#{1,6}|[-*+]|\d{1,3}[.)]|>)[ \t]*)*[\"“‘'(\[*_`]*")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


class Spans:
    """A set of (start, end) spans with fast overlap and containment queries."""

    __slots__ = ("starts", "ends", "longest")

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.longest = max(self.longest, end - start)

    def _candidates(self, start: int, end: int):
        i = bisect.bisect_left(self.starts, end) - 1
        lo = start - self.longest
        while i >= 0 and self.starts[i] >= lo:
            yield self.starts[i], self.ends[i]
            i -= 1

    def overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self._candidates(start, end))

    def contains(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self._candidates(start, end))


@dataclass
class Suppression:
    text: str
    reason: str
    line: int          # 1-based line the suppression applies to
    start: int         # offsets of the comment itself
    end: int


@dataclass
class Document:
    story: Story
    text: str
    scan: str
    fm_span: tuple[int, int] | None
    allowed: list[tuple[int, int]]              # offsets of allowed texts (sorted)
    allow_words: frozenset[str]                 # single words of allowed names
    suppressions: list[Suppression] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    weak_lines: set[int] = field(default_factory=set)   # 0-based lines in Title Case
    _memo: dict = field(default_factory=dict)   # caches of pure functions of the text

    # ------------------------------------------------------------------ positions
    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; column counted in characters."""
        i = self.line_index(offset)
        return i + 1, offset - self.line_starts[i] + 1

    def in_front_matter(self, offset: int) -> bool:
        return bool(self.fm_span) and self.fm_span[0] <= offset < self.fm_span[1]

    def is_allowed(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.allowed, (start, 10 ** 12)) - 1
        while i >= 0:
            a, b = self.allowed[i]
            if a <= start and end <= b:
                return True
            if b < start and a < start - 400:
                break
            i -= 1
        return False

    def lines_with(self, pattern: str, *, fold: bool = False) -> list[tuple[int, int]]:
        """(start, end) of the lines whose scan text matches a cheap pre-filter regex.

        The lines worth a look are found first, in one pass over the text, and each is then
        tested on its own, as the pre-filter is defined (a match may not run past the
        line's end). Worth a look (`anchors.plan`): a line holding a branch of the
        pre-filter that is a plain string ("first", "Nobel" in "first|only|...|Nobel",
        found with `str.find`; it matches without a test), or another branch's literal
        anchors (tested with that branch), or a match of the branches without anchors; or,
        for a pre-filter without a plan, a line holding its next match from a whole-text
        search. Pre-filters are plain patterns (no `$`, no look-ahead past a line's end), so
        a line that matches on its own is always among them."""
        key = ("lines", pattern)
        got = self._memo.get(key)
        if got is None:
            pf = re.compile(pattern)
            # `fold`: a long case-insensitive pre-filter is first searched, case-sensitively,
            # in the lower-cased text (several times faster); each line it names is then
            # tested with the pattern itself, so the result is the same.
            # (Not a pattern with a negative test, "[^a-z]" or "(?!abc)": lower-cased, it
            # would refuse what the pattern takes.)
            folded = self._folded() if fold and not _NEGATIVE.search(pattern) else None
            finder, text = (_folded_pattern(pattern), folded) if folded is not None \
                else (pf, self.scan)
            plan = anchors.plan(pattern, _folded_pattern if folded is not None else None)
            starts, scan, n = self.line_starts, self.scan, len(self.line_starts)
            got = []
            if plan is None:
                for i in self._lines_found(finder, text):
                    ls = starts[i]
                    le = starts[i + 1] - 1 if i + 1 < n else len(scan)
                    if pf.search(scan, ls, le):
                        _add_line(got, ls, le)
            else:
                # A line holding a branch that is a plain string matches; one holding another
                # branch's anchors is tested with that branch; one the other branches' search
                # finds is tested with the pre-filter.
                proven = set(self._lines_holding(plan.proven, scan))
                if plan.proven_folded:
                    proven.update(self._lines_holding(plan.proven_folded, folded))
                tests: dict[int, list[re.Pattern]] = {}
                for found, branch in plan.anchored:
                    for i in self._lines_holding(found, text):
                        if i not in proven:
                            tests.setdefault(i, []).append(branch)
                if plan.rest is not None:
                    for i in self._lines_found(plan.rest, scan):
                        if i not in proven:
                            tests.setdefault(i, []).append(pf)
                for i in sorted(proven.union(tests)):
                    ls = starts[i]
                    le = starts[i + 1] - 1 if i + 1 < n else len(scan)
                    if i in proven or any(t.search(scan, ls, le) for t in tests[i]):
                        _add_line(got, ls, le)
            self._memo[key] = got
        return got

    def _lines_found(self, finder: re.Pattern, text: str) -> list[int]:
        """The lines (indices, in order) where a search of the whole text from each line on
        finds its next match: every line holding a match of `finder` that starts in it."""
        out = []
        starts = self.line_starts
        n = len(starts)
        pos = 0
        while (m := finder.search(text, pos)) is not None:
            i = bisect.bisect_right(starts, m.start()) - 1
            out.append(i)
            if i + 1 >= n:
                break
            pos = starts[i + 1]
        return out

    def _lines_holding(self, literals: tuple[str, ...], text: str) -> list[int]:
        """The lines (indices, in order) in which one of the literals starts."""
        found = set()
        starts = self.line_starts
        n = len(starts)
        for lit in literals:
            j = text.find(lit)
            while j >= 0:
                i = bisect.bisect_right(starts, j) - 1
                found.add(i)
                if i + 1 >= n:
                    break
                j = text.find(lit, starts[i + 1])
        return sorted(found)

    def _lines_with_each(self, pattern: str) -> list[tuple[int, int]]:
        """`lines_with` by testing every line (the definition; kept for the tests)."""
        pf = re.compile(pattern)
        got: list[tuple[int, int]] = []
        n = len(self.line_starts)
        for i, ls in enumerate(self.line_starts):
            le = self.line_starts[i + 1] - 1 if i + 1 < n else len(self.scan)
            if pf.search(self.scan, ls, le):
                _add_line(got, ls, le)
        return got

    def finditer(self, rx: re.Pattern, prefilter: str, *, fold: bool = False):
        """rx.finditer over only the lines that pass `prefilter` (offsets stay file offsets).

        A stretch of lines that holds none of rx's own anchors (`anchors.hint`: "May",
        "Jan", ... for a date) is skipped: every match holds one, within the stretch."""
        hint = _hint_finder(rx.pattern, rx.flags)
        text = None
        if hint is not None:
            found, lower = hint
            text = self._folded() if lower else self.scan
        begins = _starts_finder(rx.pattern, rx.flags)
        heads = None
        if begins is not None:
            heads = self._folded() if begins[1] else self.scan
        scan = self.scan
        for a, b in self.lines_with(prefilter, fold=fold):
            if text is not None and found.search(text, a, b) is None:
                continue
            if heads is None:
                yield from rx.finditer(scan, a, b)
                continue
            # Every match starts with one of rx's starts (`anchors.starts`), or with one of
            # its first characters (`anchors.first_chars`): rx is tried
            # only where one stands, the leftmost first, as finditer would. `match` at a
            # position reads the characters before it as `finditer` does (\b, look-behind).
            finder, pos = begins[0], a
            while (c := finder.search(heads, pos, b)) is not None:
                m = rx.match(scan, c.start(), b)
                if m is None:
                    pos = c.start() + 1
                else:
                    yield m
                    pos = m.end()

    def _folded(self) -> str | None:
        """The scan text lower-cased, when lower-casing keeps every offset and finds every
        case-insensitive match of an ASCII word: not with the few characters that match an
        ASCII letter only case-insensitively (dotless i, long s, the Kelvin sign, dotted
        capital I)."""
        if "folded" not in self._memo:
            low = self.scan.lower()
            ok = len(low) == len(self.scan) and (self.scan.isascii() or
                                                  not any(c in self.scan for c in _FOLD_UNSAFE))
            self._memo["folded"] = low if ok else None
        return self._memo["folded"]

    # ------------------------------------------------------------------ sentences
    def is_sentence_start(self, offset: int) -> bool:
        """Is the word at `offset` the first of a sentence, heading, list item or field?"""
        ls = self.line_starts[self.line_index(offset)]
        prefix = self.scan[ls:offset]
        m = _LINE_MARKERS.match(prefix)
        if m and m.end() == len(prefix):
            return True
        j = offset - 1
        while j >= ls and self.scan[j] in " \t\"“”‘’'(*_[`":
            j -= 1
        if j < ls:
            return True
        # A table cell is not a sentence: "| Leicester |" is as telling as mid-sentence.
        return self.scan[j] in ".!?:;…]—–" or self.scan[j] == "-" and self.scan[j - 1:j] == " "

    def is_weak(self, offset: int) -> bool:
        """Capitalisation says nothing here: a sentence start or a Title Case line."""
        return self.line_index(offset) in self.weak_lines or self.is_sentence_start(offset)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of the sentence (bounded by line or . ! ?) around a span."""
        ls = self.line_starts[self.line_index(start)]
        a = start
        while a > ls and not (self.scan[a - 1] in ".!?" and self.scan[a:a + 1] == " "):
            a -= 1
        le = self.text.find("\n", end)
        le = len(self.text) if le < 0 else le
        b = end
        while b < le and not (self.scan[b] in ".!?" and self.scan[b + 1:b + 2] in (" ", "\n", "")):
            b += 1
        return a, min(b + 1, le)

    def before(self, offset: int, n: int = 3) -> list[str]:
        """The n words before an offset on the same line, lowercased."""
        ls = self.line_starts[self.line_index(offset)]
        return [w.lower() for w in _WORDS.findall(self.scan[max(ls, offset - 60):offset])][-n:]

    def after(self, offset: int, n: int = 3) -> list[str]:
        le = self.text.find("\n", offset)
        le = len(self.text) if le < 0 else le
        return [w.lower() for w in _WORDS.findall(self.scan[offset:min(le, offset + 60)])][:n]


def _add_line(got: list[tuple[int, int]], ls: int, le: int) -> None:
    """Add the line (ls, le) to `got`, merged with the line before it when adjacent."""
    if got and got[-1][1] == ls - 1:
        got[-1] = (got[-1][0], le)
    else:
        got.append((ls, le))


_NEWLINE = re.compile("\n")
_NEGATIVE = re.compile(r"\[\^|\(\?<?!")
_FOLD_UNSAFE = "\u0131\u017f\u212a\u0130"


@functools.lru_cache(maxsize=256)
def _hint_finder(pattern: str, flags: int) -> tuple[re.Pattern, bool] | None:
    """(a search for the anchors of the regex, whether it searches the lower-cased text), or
    None (`anchors.hint`): one search of a stretch, not a `find` per anchor (a dozen for a
    month)."""
    got = anchors.hint(pattern, flags)
    if got is None:
        return None
    found, lower = got
    return re.compile("|".join(re.escape(x) for x in found)), lower


@functools.lru_cache(maxsize=256)
def _starts_finder(pattern: str, flags: int) -> tuple[re.Pattern, bool] | None:
    """(a search for the literals every match of the regex starts with, whether it searches
    the lower-cased text), or None (`anchors.starts`, `anchors.first_chars`)."""
    got = anchors.starts(pattern, flags)
    if got is None:
        # Else the characters a match may start with, when they are few ("[A-Z]|#"): a
        # regex opening with `\b` or a look-behind is otherwise tried at every position.
        first = anchors.first_chars(pattern, flags)
        return None if first is None else (re.compile(first), False)
    literals, lower = got
    return re.compile("|".join(re.escape(s) for s in literals)), lower


@functools.lru_cache(maxsize=64)
def _folded_pattern(pattern: str) -> re.Pattern:
    """A pre-filter made of words, for lower-cased text: inline case-insensitive flags
    dropped and every letter outside an escape lower-cased. It finds (at least) every line
    the pattern finds in the text before lower-casing."""
    plain = pattern.replace("(?i:", "(?:").replace("(?i)", "")
    return re.compile(re.sub(r"\\.|[A-Z]", lambda m: m.group().lower()
                             if len(m.group()) == 1 else m.group(), plain))


def build(story: Story, allow: tuple[str, ...] = ()) -> Document:
    text = story.text
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "

    fm = _front_matter(story)
    # The YAML as the story model composed it: keys and metadata values are not prose.
    # Comments are not scalars, so they stay readable. A front-matter that does not parse
    # is read whole (fail closed).
    if story.front is not None:
        for sc in story.front.scalars(keys=True):
            if sc.is_key or sc.path.split(".")[0].split("[")[0] in METADATA_KEYS:
                blank(sc.start, sc.end)
    suppressions = []
    for m in SUPPRESS.finditer(text):
        target = text.count("\n", 0, m.start()) + 1
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        if not text[ls:m.start()].strip() and not text[m.end():le].strip():
            # Alone on its line: applies to the next non-blank line.
            k = le
            while k < len(text):
                nl = text.find("\n", k + 1)
                nl = len(text) if nl < 0 else nl
                target += 1
                if text[k + 1:nl].strip():
                    break
                k = nl
        reason = m.group(3) if m.group(3) is not None else m.group(4)
        suppressions.append(Suppression(m.group(1) if m.group(1) is not None else m.group(2),
                                        (reason or "").strip(), target, m.start(), m.end()))
        blank(m.start(), m.end())
    scan = "".join(chars)
    line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    allowed_texts = [a for a in (*allow, *story.allow, *story.pseudonyms) if a and a.strip()]
    spans = []
    for a in set(allowed_texts):
        for m in _allowed(a.strip()).finditer(text):
            spans.append((m.start(), m.end()))
    allow_words = frozenset(w for a in (*story.pseudonyms, *story.allow, *allow)
                            for w in re.findall(r"[^\W\d_][\w'’-]*", a))
    doc = Document(story, text, scan, fm, sorted(spans), allow_words, suppressions, line_starts)
    doc.weak_lines = _title_case_lines(doc)
    return doc


@functools.lru_cache(maxsize=4096)
def _allowed(text: str) -> re.Pattern:
    """An allowed text as a whole word, with its possessive: not after a word character, '@'
    or '.' (tested after the text, one text's length further back, so that the regex engine
    skips from one occurrence to the next), and not before a word character."""
    t = re.escape(text)
    return re.compile(t + r"(?<![\w@.]" + t + r")(?:['’]s)?(?!\w)")


def _front_matter(story: Story) -> tuple[int, int] | None:
    if story.front_matter_span != (0, 0):
        return story.front_matter_span
    m = _FM_OPEN.match(story.text)
    if not m:
        return None
    end = _FM_CLOSE.search(story.text, m.end())
    # Unclosed front-matter: treat the first blank line as its end (fail closed: the body
    # is scanned either way).
    if end:
        return m.end(), end.start()
    blank_line = story.text.find("\n\n", m.end())
    return m.end(), (blank_line if blank_line > 0 else len(story.text))


@functools.lru_cache(maxsize=8)
def capitals_of(scan: str) -> str:
    """The upper-case letters outside ASCII that occur in the text, sorted. (Kept for the
    last few texts: a document's Title Case lines and its runs of names both ask, and a
    text outside ASCII costs a look at each of its characters.)"""
    if scan.isascii():
        return ""
    return "".join(sorted(c for c in set(scan)
                          if not c.isascii() and c.isupper() and _LETTER.match(c)))


_LETTER = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=256)
def _upper_letters(upper: str) -> re.Pattern:
    """An upper-case letter: A-Z or one of `upper` (the text's others, `capitals_of`)."""
    return re.compile("[A-Z" + "".join(re.escape(c) for c in upper) + "]")


def _title_case_lines(doc: Document) -> set[int]:
    """Lines where capitalised words are style, not names: headings, titles, Title Case."""
    out = set()
    text = doc.scan
    starts = doc.line_starts
    upper = None
    for i, line in enumerate(text.split("\n")):     # the lines of `line_starts`
        stripped = line.lstrip()
        if not stripped:
            continue
        # (`_LONG_WORDS` finds the words of `_WORDS` longer than three characters.)
        if stripped.startswith("#") and re.match(r"#{1,6}\s", stripped):
            words = _LONG_WORDS.findall(stripped)
            caps = sum(1 for w in words if w[0].isupper())
            if words and caps / len(words) >= 0.5:
                out.add(i)
            continue
        ls = starts[i]
        in_front = doc.in_front_matter(ls)
        if not in_front:
            # Prose: a line is in Title Case only if its capitalised long words are at least
            # three times its others. They are at most its capital letters; a count of the
            # others that start after a space or the line's start, stopped as soon as it
            # is more than a third of those, rules the line out without a look at each word.
            if upper is None:
                upper = _upper_letters(capitals_of(text))
            need = len(upper.findall(line)) // 3 + 1
            seen = 0
            for _ in _LOWER_LONG_WORDS.finditer(line):
                seen += 1
                if seen >= need:
                    break
            if seen >= need:
                continue
        words = _LONG_WORDS.findall(line)
        if len(words) >= 3 and sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75:
            out.add(i)
        elif in_front and re.match(r"\s*title\s*:", doc.text[ls:ls + len(line)]):
            if words and sum(1 for w in words if w[0].isupper()) / len(words) >= 0.6:
                out.add(i)
    return out


# The words of `_WORDS` longer than three characters: a word starts where `_WORDS` would
# start one, and a shorter word leaves too few characters for a match inside it.
_LONG_WORDS = re.compile(r"[^\W\d_][\w'’-]{3,}")
# Some of those that start in lower case: the ones after no word character, apostrophe or
# hyphen (each starts a word of `_WORDS`).
_LOWER_LONG_WORDS = re.compile(r"(?<![\w'’-])[a-z][\w'’-]{3,}")
