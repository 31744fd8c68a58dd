"""The parts of the gate that close MkDocs' own leaks.

- Links to a withheld story become plain text (not a 404 that names its slug).
- Only assets that published pages reference are copied; a coach's notes.txt, transcript or
  .docx beside the stories is left out and named in the build report.
- Published images lose their EXIF/XMP/IPTC metadata (GPS position, camera owner).
- After the build, an audit reads every output file for the text of every withheld finding.
"""
from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import html as _html
import io
import json
import os
import posixpath
import re
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import markupsafe

from ..checker.workers import iter_in_workers

WITHHELD_SCHEME = "casebook-withheld:"

# [text](target "title") and ![alt](target); reference definitions: [ref]: target
_INLINE_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\((?P<target><[^>\n]*>|[^)\s]+)"
                          r"(?P<rest>[^)\n]*)\)")
_REF_DEF = re.compile(r"^(?P<lead> {0,3}\[[^\]\n]+\]:[ \t]*)(?P<target><[^>\n]*>|\S+)",
                      re.MULTILINE)
_WITHHELD_A = re.compile(r'<a\b[^>]*\bhref="' + re.escape(WITHHELD_SCHEME)
                         + r'[^"]*"[^>]*>(?P<text>.*?)</a>', re.S)
_URL_ATTR = re.compile(r'\b(?:src|href|poster|data)\s*=\s*"([^"]*)"|\bsrcset\s*=\s*"([^"]*)"')
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|dt|dd|td|th|tr|article|header|footer|nav|section|"
                        r"label|legend|button|a|title|summary|entry|item)>|<br\s*/?>", re.I)
_INVISIBLE = re.compile(r"(?is)<(script|style|svg|template)\b.*?</\1>|<!--.*?-->")
# The site generator's own words in every page's chrome ("Made with Material for MkDocs").
SITE_CHROME = ("MkDocs", "Material for MkDocs", "JavaScript")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif"}


def _resolve(src_uri: str, target: str) -> str | None:
    """The docs-relative path a Markdown link points at, or None for external links."""
    target = target.strip("<>")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(parts.path)))
    return path.lstrip("./") if not path.startswith("..") else None


def unlink_withheld(markdown: str, src_uri: str, withheld: set[str]) -> str:
    """Point links at withheld stories to a marker scheme; `plain_withheld_links` then turns
    them into text. MkDocs treats the marker as external, so it never warns about a missing
    page (and never prints the withheld story's file name)."""
    if not withheld:
        return markdown

    def inline(m: re.Match) -> str:
        if m["bang"] or _resolve(src_uri, m["target"]) not in withheld:
            return m[0]
        return f"[{m['text']}]({WITHHELD_SCHEME})"

    def ref(m: re.Match) -> str:
        if _resolve(src_uri, m["target"]) not in withheld:
            return m[0]
        return m["lead"] + WITHHELD_SCHEME

    return _REF_DEF.sub(ref, _INLINE_LINK.sub(inline, markdown))


def plain_withheld_links(html: str) -> str:
    return _WITHHELD_A.sub(lambda m: f'<span class="cb-unpublished-link">{m["text"]}</span>',
                           html)


_A_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>(.*?)</a>""",
                     re.S | re.I)


def _site_path(value: str, page_url: str, site_url: str) -> str | None:
    """The site path a link resolves to, as a browser resolves it, or None when it leaves
    the site. `slug`, `slug/`, `../slug/`, `/slug/`, `slug/index.html` and the absolute
    address all resolve to "slug/"."""
    value = _html.unescape(value).strip()
    if site_url and value.startswith(site_url):
        value = "/" + value[len(site_url):].lstrip("/")
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//"):
        return None
    if not parts.path:
        return None
    base = "/" + page_url
    folder = base if base.endswith("/") else posixpath.dirname(base) + "/"
    path = parts.path if parts.path.startswith("/") else folder + parts.path
    path = posixpath.normpath(unquote(path)).lstrip("/")
    for tail in ("/index.html", "index.html", ".html", ".md"):
        if path.endswith(tail):
            path = path[: -len(tail)]
            break
    return (path.strip("/") + "/") if path.strip("/") else ""


@functools.lru_cache(maxsize=8)
def _url_targets(withheld: frozenset[str]) -> frozenset[str]:
    """The withheld URLs as `_site_path` spells them; worked out once per build, not once
    per page."""
    return frozenset(u.strip("/") + "/" for u in withheld)


def unlink_urls(html: str, page_url: str, withheld: set[str], site_url: str = "") -> str:
    """Links (however written, raw `<a href>` included) whose resolved target is a withheld
    story's URL become plain text: a link would name the slug and lead to a 404."""
    if not withheld:
        return html
    targets = _url_targets(frozenset(withheld))

    def repl(m: re.Match) -> str:
        value = next(g for g in m.groups()[:3] if g is not None)
        # As the browser resolves it, and as the coach meant it (relative to docs_dir):
        # either way the link would name the withheld story's slug.
        if _site_path(value, page_url, site_url) in targets or \
                _site_path(value, "", site_url) in targets:
            return f'<span class="cb-unpublished-link">{m.group(4)}</span>'
        return m.group(0)
    return _A_HREF.sub(repl, html)


def count_text(value) -> str:
    """A count as the site prints it, with thousands separators ("1,957 stories")."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def mark_text(value, needles) -> markupsafe.Markup:
    """`value` escaped, with each needle (a finding's text) wrapped in <mark>: the preview
    shows a coach where in a field the checker found something."""
    text = markupsafe.escape("" if value is None else str(value))
    needles = [str(markupsafe.escape(n)) for n in needles or () if n]
    if not needles:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    return markupsafe.Markup(pattern.sub(
        lambda m: f'<mark class="cb-finding">{m.group(0)}</mark>', str(text)))


def highlight(text: str, body_offset: int, findings) -> str:
    """The body with each finding wrapped in <mark>, for `mkdocs serve` previews only.

    Spans inside code, link targets or HTML tags are left as they are (a <mark> there would
    break the Markdown); the banner above the story lists every finding anyway.
    """
    body = text[body_offset:]
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        start, end = f.start - body_offset, f.end - body_offset
        if start < pos or start < 0 or "\n" in body[start:end]:
            continue
        line_start = body.rfind("\n", 0, start) + 1
        before = body[line_start:start]
        if (before.count("`") % 2 or before.rfind("](") > before.rfind(")")
                or before.rfind("<") > before.rfind(">") or before.startswith("    ")
                or before.rfind("![") > before.rfind("]")):
            continue       # inside code, a link target, a tag or an image's alt text
        title = markupsafe.escape(f"{f.category}: {f.message}")
        out.append(body[pos:start])
        out.append(f'<mark class="cb-finding" title="{title}">{body[start:end]}</mark>')
        pos = end
    out.append(body[pos:])
    return "".join(out)


def referenced_paths(html: str, page_url: str) -> set[str]:
    """Site-relative paths of everything a rendered page refers to (src, href, srcset)."""
    base = "/" + page_url
    out = set()
    for m in _URL_ATTR.finditer(html):
        values = [m[1]] if m[1] is not None else [c.split()[0] for c in m[2].split(",")
                                                   if c.strip()]
        for value in values:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(base) if not
                                                       base.endswith("/") else base,
                                                       unquote(parts.path)))
            out.add(joined.lstrip("/"))
    return out


def strip_image_metadata(data: bytes) -> bytes:
    """Re-save an image from its pixels alone: no EXIF, XMP, IPTC, comments or text chunks.

    Copying the pixels into a fresh image is what guarantees it: Pillow carries some metadata
    (JPEG comments, for one) over from an opened image on save. JPEGs keep their original
    quantisation tables, so there is no visible re-compression. Animated images keep their
    first frame only.
    """
    from PIL import Image, JpegImagePlugin  # imported here: only builds with images pay

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        fmt = img.format
        clean = Image.frombytes(img.mode, img.size, img.tobytes())
        if img.mode in ("P", "PA"):
            clean.putpalette(img.getpalette())
        params = {}
        if "transparency" in img.info:
            params["transparency"] = img.info["transparency"]
        if fmt == "JPEG":
            params["qtables"] = img.quantization
            sampling = JpegImagePlugin.get_sampling(img)
            if sampling >= 0:
                params["subsampling"] = sampling
        out = io.BytesIO()
        clean.save(out, fmt, **params)
    return out.getvalue()


def read_output(path: Path) -> str:
    return decode_output(path.read_bytes(), path.suffix)


def decode_output(data: bytes, suffix: str) -> str:
    """A file's bytes as the audit reads them (a compressed file decompressed)."""
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    return data.decode("utf-8", errors="replace")


def _escaped_json_needles(text: str, needles: frozenset[str]):
    """The needles in the JSON strings of `text` that hold an escape, each decoded as a
    script reading the file sees it (the search index writes "Lucía" as "Luc\\u00eda").
    One string at a time: at 10,000 stories the index is 35 MB, and decoded whole (or
    parsed) it took another 40 MB at the build's peak."""
    search = _NeedleSearch.of(needles)
    for m in _JSON_STRING_WITH_ESCAPE.finditer(text):
        yield from search.whole(_JSON_ESCAPE.sub(_json_unescape, m.group()[1:-1]))


# A JSON string that holds an escape. In JSON, no backslash stands between two strings, so
# a match starting at a string's closing quote never reaches past the next opening one.
# Each run of plain characters is taken whole (`(?=(run))\1`, Python 3.10's spelling of the
# possessive `run*+`): what ends a run is a quote or a backslash, which no shorter run could
# give a match, so `re` need not try each shorter run of every string without an escape
# (a third of the time on a search index).
_JSON_STRING_WITH_ESCAPE = re.compile(r'"(?=([^"\\]*))\1(?:\\.(?=([^"\\]*))\2)+"', re.S)


# A JSON escape: a surrogate pair, another \uXXXX, or one of the single-character escapes.
_JSON_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
                          r"|\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
_JSON_SINGLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                "t": "\t"}


def _json_unescape(m: re.Match) -> str:
    if m.group(1):
        high, low = int(m.group(1), 16), int(m.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    if m.group(3):
        return chr(int(m.group(3), 16))
    return _JSON_SINGLE[m.group(4)]


def trie_pattern(words: set[str]) -> str:
    """One regex alternation shaped as a trie of the words, longest match first.

    Python's `re` tries the branches of `a|b|c...` one by one at every position; with a
    thousand withheld findings that made the audit the slowest step of a build. A trie shares
    prefixes, so each position costs a few character comparisons instead.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional: a longer needle wins over its own prefix.
        return f"(?:{body})?" if end else body

    return "(?:" + emit(trie) + ")"


@functools.lru_cache(maxsize=4)
def needle_regex(needles: frozenset[str]) -> re.Pattern:
    """Any of `needles` as a whole word. The leading character class lets `re` skip ahead
    to positions where a needle can start (twice as fast as the lookbehind first); kept
    compiled, since a large trie takes a while to compile."""
    first = "".join(sorted({re.escape(n[0]) for n in needles}))
    return re.compile(f"(?=[{first}])" + r"(?<!\w)" + trie_pattern(set(needles)) + r"(?!\w)")


def audit_needles(findings_texts: set[str], published_texts: list[str]) -> set[str]:
    """The withheld texts whose presence in site/ would show a leak.

    Two kinds prove nothing and would fail builds for no reason: a bare number of four digits
    or fewer (a year identifies only in its sentence, which never reaches the site, and
    "2025" is in every sitemap), and text that a published story contains too (it passed the
    gate there: a pseudonym, an allowed name, a suppressed word).
    """
    needles = {n for n in findings_texts
               if n.strip() and not (n.strip().isdigit() and len(n.strip()) <= 4)}
    if not needles or not published_texts:
        return needles
    pattern = needle_regex(frozenset(needles))
    shared = {m for text in published_texts for m in pattern.findall(text)}
    return needles - shared


def _inline_tag() -> re.Pattern:
    global _INLINE_TAG
    if _INLINE_TAG is None:
        from ..checker.normalise import _table
        # The names as a trie (a third faster on a page's thousand tags); the same tags
        # match, each name being a whole word (`\b`) of word characters.
        _INLINE_TAG = re.compile(r"</?" + trie_pattern(set(_table()["inline_tags"]))
                                 + r"\b[^<>]*>", re.I)
    return _INLINE_TAG


_INLINE_TAG = None
# Attributes whose values a reader meets (hover text, alt text, link targets, share
# metadata); class, style and layout attributes are not prose.
_READ_ATTR_NAMES = (r"title|alt|aria-[\w-]+|content|placeholder|value|label|href|src|srcset|"
                    r"poster|cite|action")
# The lookahead on the name's first letter lets `re` pass over the page's other attributes
# (class, id, style) without trying each name in turn: a third of the time.
_ATTR = re.compile(r"\s(?=[" + "".join(sorted({n[0] + n[0].upper() for n in
                                                  _READ_ATTR_NAMES.split("|")})) + "])"
                   f"({_READ_ATTR_NAMES})" + r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_JSON_LD = re.compile(r'(?is)<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>')


def visible_text(markup: str) -> str:
    """What a reader sees of a page (or feed): one line per block, scripts gone. Inline tags
    vanish without a space, as in a browser: `O<b>ksana</b>` reads "Oksana"."""
    text = _INVISIBLE.sub(" ", markup)
    text = _BLOCK_END.sub("\n", text)
    text = _inline_tag().sub("", text)
    text = _html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def carried_text(markup: str, own_urls: tuple[str, ...] = (), *,
                 links: bool = True) -> list[str]:
    """What a page carries besides its visible text: attribute values (decoded, links
    percent-decoded, `mailto:` dropped), the values of its structured data and its HTML
    comments (a reader's "view source" shows them). Addresses of the site itself
    (`own_urls` prefixes) are paths, not prose; `links=False` leaves out addresses outside
    the site too (the theme's own links in the chrome)."""
    out = [" ".join(c.split()) for c in _COMMENT.findall(markup)
           if any(ch.isalpha() for ch in c)]
    for m in _ATTR.finditer(_INVISIBLE.sub(" ", markup)):      # read attributes only
        value = _html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        if m.group(1).lower() in ("href", "src", "srcset", "poster", "cite", "action") or \
                value.startswith(("http:", "https:", "//")):
            if value.lower().startswith("mailto:"):
                # the address, and each field of the message (subject, body) on its own
                address, _, query = value[7:].partition("?")
                parts = [unquote(address)] + [unquote(v.replace("+", " ")) for _, _, v in
                                              (q.partition("=") for q in query.split("&"))]
                out += [" ".join(p.split()) for p in parts
                        if p.strip() and not p.strip().startswith(own_urls or ("\0",))]
                continue
            value = unquote(value)
            if value.startswith(own_urls or ("\0",)):
                continue   # the site's own pages: their names are checked as paths
            elif value.startswith(("//", "http:", "https:")):
                if not links:
                    continue
                # an address outside the site: the checker reads it
            elif value.startswith(("#", "/", ".", "data:")) or "/" in value or "." in value:
                continue   # the site's own paths: their names are checked as paths
        value = " ".join(value.split())
        if value and any(c.isalpha() for c in value):
            out.append(value)
    for m in _JSON_LD.finditer(markup):
        try:
            data = json.loads(m.group(1))
        except ValueError:
            out.append(m.group(1))       # not JSON: read it as text
            continue
        out += [v for v in _json_strings(data)
                if not v.startswith(own_urls or ("\0",)) and not _SCHEMA_URL.match(v)]
    return out


_SCHEMA_URL = re.compile(r"https?://schema\.org/?")


def _json_strings(data, key: str = ""):
    """String values of a JSON document, not its @-keywords (`@context`, `@type`)."""
    if isinstance(data, dict):
        for k, v in data.items():
            if not str(k).startswith("@"):
                yield from _json_strings(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _json_strings(v, key)
    elif isinstance(data, str) and any(c.isalpha() for c in data):
        yield " ".join(data.split())


def audit_generated(site_dir: Path, rels: list[str], check,
                    seen: set[str] | None = None, memo: Memo | None = None,
                    digests: "Digests | None" = None) -> list[tuple[str, object]]:
    """(output file, finding) for anything the checker flags in generated pages.

    Story pages were checked at their source; what else the site shows (the home page,
    listings, theme pages, the explorer, 404, feeds) is read here, each distinct line once:
    cards repeat across listing and theme pages. `check(text)` returns findings. The lines
    read are added to `seen`. `memo` keeps what each file's bytes read as (see `Memo`).
    """
    where: dict[str, list[str]] = {}
    digests = digests or Digests(site_dir)
    tasks = [(generated_parts((site_dir / rel).suffix, digests(rel))
              if memo else (), functools.partial(_generated_lines, site_dir / rel))
             for rel in rels]
    for rel, got in zip(rels, readings(memo, tasks)):
        # the theme's own links to other sites are the chrome's, not prose to check
        prose = [c for c in got["carried"] if not c.startswith(("http:", "https:", "//"))]
        for line in [*got["visible"], *prose]:
            add_place(where, line, rel)
        if seen is not None:
            seen.update(got["carried"])
    if seen is not None:
        seen.update(where)
    return check_lines(where, check)


def generated_parts(suffix: str, digest: str) -> tuple:
    """What a generated page's reading depends on (besides the audit's code)."""
    return ("generated", suffix, digest)


def add_place(where: dict[str, list[str]], line: str, rel: str) -> None:
    """Note that file `rel` shows `line`; the files are read one after the other. A list of
    the files, not a set: a card's lines are on many listing and theme pages, and at 10,000
    stories a set for each distinct line took 50 MB more."""
    files = where.get(line)
    if files is None:
        where[line] = [rel]
    elif files[-1] != rel:
        files.append(rel)


def _generated_lines(path: Path) -> dict[str, list[str]]:
    return generated_lines(read_output(path))


def generated_lines(markup: str) -> dict[str, list[str]]:
    """A generated page as the audit reads it: its visible lines and what it carries."""
    return {"visible": visible_text(markup).splitlines(), "carried": carried_text(markup)}


def check_lines(where: dict[str, list[str]], check) -> list[tuple[str, object]]:
    """(file, finding) for each finding in distinct lines (`where`: line -> files showing
    it), checked once as one text, each line its own paragraph."""
    lines = list(where)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 2
    hits = []
    for f in check("\n\n".join(lines)) if lines else []:
        line = lines[bisect.bisect_right(starts, f.start) - 1]
        hits += [(rel, f) for rel in sorted(set(where[line]))]
    return hits


def audit(site_dir: Path, needles: set[str], skip: set[str],
          memo: Memo | None = None, digests: "Digests | None" = None
          ) -> list[tuple[str, str]]:
    """(output file, leaked text) for every needle found as a whole word in any output file
    that casebook or MkDocs generated (theme assets, which hold no story text, are skipped).
    `memo` keeps each file's answer, by its bytes and the needles (see `Memo`)."""
    which, needles = needle_set(needles)
    if not needles:
        return []
    needle_regex(needles)   # compiled once, here: forked workers inherit it
    digests = digests or Digests(site_dir)
    rels = [rel for rel in digests.rels if rel not in skip]
    tasks = [(needles_parts(which, (site_dir / rel).suffix, digests(rel))
              if memo else (), functools.partial(_needles_in, site_dir / rel, needles))
             for rel in rels]
    return [(rel, m) for rel, found in zip(rels, readings(memo, tasks)) for m in found]


def unchanged_copies(site_dir: Path, sources: dict[str, str]) -> set[str]:
    """The files of site/ (relative paths, the keys of `sources`) whose bytes are still those
    of the file each was copied from; a file that cannot be read either way is not."""
    out = set()
    for rel, source in sources.items():
        built = Path(site_dir) / rel
        try:
            if os.path.getsize(built) == os.path.getsize(source) and \
                    built.read_bytes() == Path(source).read_bytes():
                out.add(rel)
        except OSError:
            continue
    return out


def needle_set(needles: set[str]) -> tuple[str, frozenset[str]]:
    """The needles searched for (blank ones dropped) and their digest."""
    kept = frozenset(n for n in needles if n.strip())
    return text_digest(sorted(kept)), kept


def site_files(site_dir: Path) -> list[str]:
    """Every file in site/ (relative, '/'-separated), sorted as `sorted(rglob("*"))` sorts
    them: os.walk lists the folder a few times faster than pathlib."""
    out = []
    for folder, _dirs, files in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir)
        for name in files:
            if os.path.isfile(os.path.join(folder, name)):
                out.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
    return sorted(out, key=lambda r: r.split("/"))


def needles_parts(which: str, suffix: str, digest: str) -> tuple:
    """What a file's needle search depends on: the needles (`which`, their digest) and
    the file's bytes."""
    return ("needles", which, suffix, digest)


def _needles_in(path: Path, needles: frozenset[str]) -> list[str]:
    text = read_output(path)
    found = needles_in(text, needles)
    if path.suffix == ".json" and "\\" in text:
        found = sorted(set(found).union(_escaped_json_needles(text, needles)))
    return found


def needles_in(text: str, needles: frozenset[str]) -> list[str]:
    """The needles in `text`, each once, sorted."""
    return _NeedleSearch.of(needles)(text)


class _NeedleSearch:
    """The needle search of many pages with the same needles, each page cut into its
    lines: the lines an earlier page had too, with no needle in them, are not searched
    again (nearly every line of a page's navigation, header and footer).

    Exact, for needles without ">": a page is cut where a line ends with ">", so a needle
    cannot run across a cut, and the characters beside a cut ("\n" before, ">" after)
    are not word characters, as a line's start and end are to the whole-word search. A
    line is clean or not by itself, wherever it stands: the lines not known to be clean
    are searched together, rejoined as they were cut.

    A line with a character reference is searched as written and as a browser decodes it
    too ("J&#111;hn", "Tom &amp; Jerry"): a needle is found either way."""

    CUT = ">\n"
    CLEAN_MAX = 10_000     # lines kept (a page has about 500); then forgotten at once

    def __init__(self, needles: frozenset[str]):
        self.regex = needle_regex(needles)
        self.cuttable = not any(">" in n for n in needles)
        self.clean: set[str] = set()

    @classmethod
    @functools.lru_cache(maxsize=4)
    def of(cls, needles: frozenset[str]) -> "_NeedleSearch":
        return cls(needles)

    def whole(self, text: str) -> list[str]:
        """The needles in `text` searched in one piece (with repeats), as written and, when
        it holds a character reference, as a browser decodes it."""
        decoded = _html.unescape(text) if "&" in text else ""
        return self.regex.findall(text + "\n" + decoded)

    def __call__(self, text: str) -> list[str]:
        if not self.cuttable:
            return sorted(set(self.whole(text)))
        clean = self.clean
        unknown = [line for line in text.split(self.CUT) if line not in clean]
        decoded = [_html.unescape(line) for line in unknown if "&" in line]
        found = self.regex.findall(self.CUT.join(unknown + decoded))
        if not found:
            if len(clean) + len(unknown) > self.CLEAN_MAX:
                clean.clear()
            clean.update(unknown)
        return sorted(set(found))


# A memo of the audit's readings: memo(key parts, compute) -> compute()'s value, JSON-able.
# The parts name what the value depends on besides the audit's code (the caller adds that):
# a file's bytes by their digest, the needles by theirs. Whatever a reading depends on must
# be in its parts: a stale answer could publish a leak.
Memo = Callable[[tuple, Callable[[], object]], object]


def readings(memo: Memo | None, tasks: list[tuple[tuple, Callable[[], object]]]):
    """compute() of each (parts, compute) in `tasks`, in order (an iterable): answered by
    the memo where it can, the rest worked out on every core when there are many
    (`iter_in_workers`: without a memo, each reading is given as it arrives, never all
    held at once)."""
    many = getattr(memo, "many", None)
    if many is not None:
        return many(tasks)
    if memo is not None:
        return [memo(parts, compute) for parts, compute in tasks]
    # A cold build's audit reads a thousand pages, each independent of the others; it runs
    # after MkDocs has built the site (no thread runs then; `mkdocs serve` never audits).
    return iter_in_workers([compute for _, compute in tasks])


class Digests:
    """One audit's view of site/, once MkDocs is done writing it: its files, listed once,
    and each file's digest, read once (the needle search and the page readings both key
    their memo by it)."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self._rels: list[str] | None = None
        self._digests: dict[str, str] = {}

    @property
    def rels(self) -> list[str]:
        if self._rels is None:
            self._rels = site_files(self.site_dir)
        return self._rels

    def __call__(self, rel: str) -> str:
        digest = self._digests.get(rel)
        if digest is None:
            digest = self._digests[rel] = file_digest(self.site_dir / rel)
        return digest


def file_digest(path: Path) -> str:
    return bytes_digest(path.read_bytes())


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_digest(value) -> str:
    """A digest of a JSON-able value (texts, lists of texts), unambiguous: the sha256 of
    `json.dumps(value, ensure_ascii=False)`. A list is hashed an item at a time: the audit
    digests every published story's text at once, and as one string (and its bytes) that
    was 70 MB at 10,000 stories, the audit's peak. Each item is encoded by json's C encoder
    (its chunked encoder is pure Python: a tenth of the prereader's time)."""
    digest = hashlib.sha256()
    _digest_into(digest, value)
    return digest.hexdigest()


def _digest_into(digest, value) -> None:
    # The bytes `json.dumps` writes for a list: "[", the items joined by ", ", "]".
    if isinstance(value, (list, tuple)):
        digest.update(b"[")
        for i, item in enumerate(value):
            if i:
                digest.update(b", ")
            _digest_into(digest, item)
        digest.update(b"]")
    else:
        digest.update(_DUMPS(value).encode("utf-8", "surrogatepass"))


_DUMPS = json.JSONEncoder(ensure_ascii=False).encode
