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
import html as _html
import io
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markupsafe

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
                or before.rfind("<") > before.rfind(">") or before.startswith("    ")):
            continue
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
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    return data.decode("utf-8", errors="replace")


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


def visible_text(markup: str) -> str:
    """What a reader sees of a page (or feed): one line per block, tags and scripts gone."""
    text = _INVISIBLE.sub(" ", markup)
    text = _BLOCK_END.sub("\n", text)
    text = _html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def audit_generated(site_dir: Path, rels: list[str], check) -> list[tuple[str, object]]:
    """(output file, finding) for anything the checker flags in generated pages.

    Story pages were checked at their source; what else the site shows (the home page,
    listings, theme pages, the explorer, 404, feeds) is read here, each distinct line once:
    cards repeat across listing and theme pages. `check(text)` returns findings.
    """
    where: dict[str, set[str]] = {}
    for rel in rels:
        for line in visible_text(read_output(site_dir / rel)).splitlines():
            where.setdefault(line, set()).add(rel)
    lines = list(where)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 2
    hits = []
    for f in check("\n\n".join(lines)):
        line = lines[bisect.bisect_right(starts, f.start) - 1]
        hits += [(rel, f) for rel in sorted(where[line])]
    return hits


def audit(site_dir: Path, needles: set[str], skip: set[str]) -> list[tuple[str, str]]:
    """(output file, leaked text) for every needle found as a whole word in any output file
    that casebook or MkDocs generated (theme assets, which hold no story text, are skipped)."""
    needles = {n for n in needles if n.strip()}
    if not needles:
        return []
    pattern = needle_regex(frozenset(needles))
    hits = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or rel in skip:
            continue
        text = read_output(path)
        for m in set(pattern.findall(text)):
            hits.append((rel, m))
    return hits
