"""Public figures quoted in a story: well-known authors, in a citing context, are not clients.

Not a detector (it registers nothing): the proper-noun detector asks it which spans are a
cited public figure (rule `public-figure`), and the date detector asks whether a year is the
year of a citation ("(Goleman, 1995)").

A name from `data/public_figures.txt` is accepted only where the text cites it
(`data/citing_cues.yaml`):

- a cue before it: "according to Carol Dweck", "the work of Edgar Schein", "a book by ...",
  "as Goleman writes" ("as" only with a verb of saying after the name), an epigraph dash;
- a cue after it: a verb of writing or arguing ("Dweck argues"), "et al.", a year in
  brackets ("Goleman (1995)", "(Goleman, 1995)");
- a possessive with a work noun within three words ("Dweck's research", "Lencioni's five
  dysfunctions"), or with a title ("Kim Scott's *Radical Candor*", "Kim Scott's Radical Candor");
- a title in italics or quotes in the same sentence, or the author's listed book named there.

The full name is needed, or the surname alone once the full name appears in the story (or in
a formal citation: "(Goleman, 1995)", "Goleman et al."). A first name alone is never accepted:
"Carol said she felt stuck" is still a PERSON.
"""
from __future__ import annotations

import functools
import re

from .. import lexicon
from ..document import Spans

_YEAR = r"(?:1[89]\d\d|20\d\d)[a-z]?"
_AFTER_CITATION = re.compile(r"(?:['’]s)?\s*(?:\(\s*" + _YEAR + r"|\s*et\.? al\b|,\s*" + _YEAR +
                             r"\s*[;)])")
_OPEN_PAREN = re.compile(r"\(\s*(?:see\s+|e\.g\.,?\s+|cf\.?\s+)?$")
_TITLE = re.compile(r"(?<![\w*_])([*_]{1,2})[A-Z0-9][^*_\n]{1,80}?\1(?![\w*_])|"
                    r"[\"“][A-Z][^\"“”\n]{1,80}[\"”]")
_DASH = re.compile(r"(?:^|[\s\"”’'.)])[—–~-]\s*$")


@functools.cache
def _authors():
    """(full-name regex, {full name: canonical}, {surname: {canonical}}, {canonical: book})."""
    full: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    books: dict[str, str] = {}
    text = lexicon._path("public_figures.txt").read_text(encoding="utf-8")
    notes = {}
    for line in text.splitlines():
        if "\t" in line and not line.lstrip().startswith("#"):
            name, book = line.split("\t", 1)
            notes[name.split(" | ")[0].strip()] = book.strip()
    for variants in lexicon.entries("public_figures"):
        canon = variants[0]
        books[canon] = notes.get(canon, "")
        for v in variants:
            full[v] = canon
            parts = [p for p in v.split() if not p.endswith(".") and p not in ("Sir", "Dame")]
            if len(parts) >= 2:
                surnames.setdefault(parts[-1], set()).add(canon)
    by_first: dict[str, list[str]] = {}
    for n in sorted(full, key=len, reverse=True):
        by_first.setdefault(n.split()[0], []).append(n)
    return by_first, full, surnames, books


_END = re.compile(r"(?![\w-])")


_INITIALS: dict[int, tuple[dict, frozenset[str]]] = {}


def _initials(by_first: dict, surnames: dict) -> frozenset[str]:
    """The capital letters the listed names start with (once per list)."""
    got = _INITIALS.get(id(by_first))
    if got is None or got[0] is not by_first:
        got = (by_first, frozenset(w[0] for w in (*by_first, *surnames) if w[:1].isupper()))
        _INITIALS[id(by_first)] = got
    return got[1]


@functools.lru_cache(maxsize=4)
def _word_pattern(initials: frozenset[str]) -> re.Pattern:
    """A word that starts with one of the listed names' initials: only those can begin a
    listed name or be a listed surname, so the rest of the story's words are never looked
    at one by one."""
    letters = "".join(re.escape(c) for c in sorted(initials)) or "^\\W\\w"
    # The look-behind follows the initial (the same test of the character before it), so
    # that the regex engine skips from one such letter to the next.
    return re.compile(r"[" + letters + r"](?<![\w@#/.-].)[\w-]*(?:\.(?=\s))?")


def _names(scan: str, by_first: dict[str, list[str]], surnames: dict[str, set[str]]):
    """Full-name and surname occurrences: ([(start, end, full name)], [(start, end, surname)]).

    A dictionary look-up per capitalised word (a regex alternation over 500 names is slow).
    """
    fulls, surs = [], []
    skip_to = -1
    for m in _word_pattern(_initials(by_first, surnames)).finditer(scan):
        s = m.start()
        if s < skip_to:
            continue
        w = m.group()
        if not w[:1].isupper():
            continue
        # Most words begin no listed name: the look-up comes before the test of a space.
        listed = by_first.get(w)
        if listed is not None and scan.startswith(" ", m.end()):
            for n in listed:
                if scan.startswith(n, s) and _END.match(scan, s + len(n)):
                    fulls.append((s, s + len(n), n))
                    skip_to = s + len(n)
                    break
            else:
                if w in surnames:
                    surs.append((s, m.end(), w))
        elif w in surnames:
            surs.append((s, m.end(), w))
    return fulls, surs


@functools.cache
def _cues():
    data = lexicon.table("citing_cues")
    before = tuple(tuple(c.split()) for c in (*data["before"], *data["roles"]))
    return (before, frozenset(data["as_then"]), frozenset(data["after"]),
            frozenset(data["possessive"]), frozenset(data["roles"]))


_PAREN_YEAR = re.compile(r"\([^()\n]{0,120}?" + _YEAR + r"[^()\n]{0,40}\)")
_COAUTHOR = re.compile(r"(?:['’]s)?\s+(?:and|&)\s+$")


def cited(doc) -> list[tuple[int, int, str]]:
    """(start, end, why) of every public-figure name the story cites (memoised per document)."""
    got = doc._memo.get("public-figures")
    if got is None:
        got = _find(doc)
        doc._memo["public-figures"] = got
    return got


def cited_names(doc) -> frozenset[str]:
    """The names the story cites and their surnames ("Peter Hawkins", "Hawkins"): a word
    list of employers (rule `employer`) must not read "Hawkins's five disciplines" as a
    firm once the author was cited."""
    got = doc._memo.get("public-figure-names")
    if got is None:
        names = set()
        for s, e, _ in cited(doc):
            text = doc.text[s:e]
            names.add(text)
            names.add(text.split()[-1])
        got = doc._memo["public-figure-names"] = frozenset(names)
    return got


def cited_spans(doc) -> Spans:
    got = doc._memo.get("public-figure-spans")
    if got is None:
        got = Spans()
        for s, e, _ in cited(doc):
            got.add(s, e)
        doc._memo["public-figure-spans"] = got
    return got


def title_starts(doc) -> frozenset[int]:
    """Where a title follows a cited author's possessive ("Kim Scott's Radical Candor")."""
    got = doc._memo.get("public-figure-titles")
    if got is None:
        got = set()
        for s, e, _ in cited(doc):
            m = re.compile(r"['’]s\s+[*_\"“]?(?=[A-Z])").match(doc.scan, e)
            if m:
                got.add(m.end())
        got = frozenset(got)
        doc._memo["public-figure-titles"] = got
    return got


def title_spans(doc) -> Spans:
    """Titles of a cited author's work near the name: *Dare to Lead*, "Time to Think"."""
    got = doc._memo.get("public-figure-title-spans")
    if got is None:
        got = Spans()
        _, full, _, books = _authors()
        for s, e, _ in cited(doc):
            a, b = doc.sentence(s, e)
            for m in _TITLE.finditer(doc.scan, a, b):
                got.add(m.start(), m.end())
            name = doc.scan[s:e]
            book = books.get(full.get(name, ""), "")
            lo = max(0, s - 200)
            for title in (t.strip() for t in book.split(";")):
                if len(title) >= 5 and title[0].isupper():
                    i = doc.scan.find(title, lo, e + 200 + len(title))
                    if i >= 0:
                        got.add(i, i + len(title))
        doc._memo["public-figure-title-spans"] = got
    return got


def is_citation_year(doc, start: int) -> bool:
    """Is the year at `start` the year of a citation of a cited public figure?"""
    for s, e, _ in cited(doc):
        if e <= start <= e + 16 and re.fullmatch(r"(?:['’]s)?(?:\s+et\.? al\.?)?,?\s*\(?\s*",
                                                 doc.scan[e:start]):
            return True
    return False


def _find(doc) -> list[tuple[int, int, str]]:
    by_first, full, surnames, books = _authors()
    scan = doc.scan
    out: list[tuple[int, int, str]] = []
    present: set[str] = set()
    fulls, hits = _names(scan, by_first, surnames)
    for s, e, n in fulls:
        canon = full[n]
        present.add(canon)
        why = _citing(doc, s, e, books.get(canon, ""))
        if why:
            out.append((s, e, why))
    # Surnames inside a bracketed citation with a year: "(Heifetz & Linsky, 2002)".
    in_parens = Spans()
    for m in _PAREN_YEAR.finditer(scan):
        in_parens.add(m.start(), m.end())
    for s, e, w in hits:
        if _formal(doc, s, e) or in_parens.contains(s, e):
            present |= surnames[w]
    for s, e, w in hits:
        authors = surnames[w]
        known = authors & present
        formal = _formal(doc, s, e) or (in_parens.contains(s, e) and "a bracketed citation")
        if not known and not formal:
            continue
        why = formal or _citing(doc, s, e, " ".join(books.get(a, "") for a in known))
        if why:
            out.append((s, e, why))
    # A surname in the sentence of its own citation: "Kegan's stages (Kegan, 1982)".
    spans = {(s, e) for s, e, _ in out}
    for s0, e0, w in hits:
        if (s0, e0) in spans or not surnames[w] & present:
            continue
        a, b = doc.sentence(s0, e0)
        if any(a <= s and e <= b and scan[s:e] == w for s, e in spans):
            spans.add((s0, e0))
            out.append((s0, e0, "cited in the same sentence"))
    # Co-authors: "Heifetz and Linsky", "Fisher & Ury" when one of them is cited.
    cands = [(s, e) for s, e, _ in fulls] + [(s, e) for s, e, w in hits if surnames[w] & present]
    changed = True
    while changed:
        changed = False
        for s, e in cands:
            if (s, e) in spans:
                continue
            for a, b in list(spans):
                if 0 < a - e <= 8 and _COAUTHOR.fullmatch(scan[e:a]) or \
                        0 < s - b <= 8 and _COAUTHOR.fullmatch(scan[b:s]):
                    spans.add((s, e))
                    out.append((s, e, "cited with a co-author"))
                    changed = True
                    break
    return sorted(out)


def _formal(doc, s, e) -> str:
    scan = doc.scan
    if _AFTER_CITATION.match(scan, e) and (scan[e:e + 1] != "," or _OPEN_PAREN.search(
            scan[max(0, s - 12):s])):
        return "a citation with its year"
    return ""


def _citing(doc, s, e, book: str) -> str:
    before_cues, as_then, after_verbs, poss_nouns, roles = _cues()
    scan = doc.scan
    formal = _formal(doc, s, e)
    if formal:
        return formal
    poss = bool(re.match(r"['’]s?\b|['’](?=\s)", scan[e:e + 2]))
    after_at = e + (len(re.match(r"['’]s?", scan[e:]).group()) if poss else 0)
    after = doc.after(after_at, 3)
    before = doc.before(s, 4)
    for cue in before_cues:
        if len(cue) <= len(before) and tuple(before[-len(cue):]) == cue:
            return f"cited after '{' '.join(cue)}'"
    if before and before[-1] == "as" and after and (after[0] in as_then or
                                                     after[0] in after_verbs):
        return f"cited: 'as ... {after[0]}'"
    if not poss and after and after[0] in after_verbs:
        return f"cited: followed by '{after[0]}'"
    m = re.match(r",\s+(?:(?:the|an?)\s+)?((?:[\w-]+\s+){0,2}[\w-]+)", scan[e:e + 60])
    role = m and next((w for w in m.group(1).lower().split() if w in roles), None)
    if not poss and role:
        return f"cited: an appositive '{role}'"
    if poss:
        if any(w in poss_nouns for w in after):
            return "cited: the author's " + next(w for w in after if w in poss_nouns)
        rest = scan[after_at:after_at + 40].lstrip()
        if rest[:1] in "*_\"“" or re.match(r"[A-Z][\w'’-]+\s+[A-Z]", rest):
            return "cited: the author's title"
    ls = doc.line_starts[doc.line_index(s)]
    if _DASH.search(scan[max(ls, s - 8):s]):
        return "cited: an attribution after a dash"
    a, b = doc.sentence(s, e)
    sentence = scan[a:b]
    if _TITLE.search(sentence):
        return "cited with a title in the same sentence"
    if book:
        low = scan[max(0, s - 200):e + 200].lower()
        for title in re.split(r"\s*;\s*", book):
            t = title.strip().lower()
            if len(t) >= 5 and not t.startswith(("work on", "research on", "studies of")) and \
                    t in low:
                return f"cited with the book '{title.strip()}' nearby"
    return ""
