"""IMAGE: an image whose file name or alt text names someone.

`find`: an image file name split on - _ . whose part is a first name from the gazetteer
("jo-smith-award.jpg"). Two post-processors run after name detection: `alt_text` relabels a
name found inside an image's alt text IMAGE, and `file_name_names` flags a file-name part
that is one of the story's names (any case).
"""
from __future__ import annotations

import dataclasses
import re

from .. import gazetteers as gz
from ..registry import NO_PRIOR, Hit

CATEGORIES = ("IMAGE",)
_MD_IMG = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"\b(alt|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_PERSONISH = ("PERSON",)
_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "svg", "webp")


def find(doc, prior=NO_PRIOR) -> list[Hit]:
    """File-name parts that are first names (no English word)."""
    return [h for _, src in _images(doc.scan) if src
            for h in _file_name(doc, *src, lambda word: False)]


def alt_text(doc, hits: list[Hit]) -> list[Hit]:
    """Post-processor: `hits` with every PERSON inside an image's alt text moved to the end
    as an IMAGE hit (rule `alt-text`)."""
    kept, moved = list(hits), []
    for alt, _ in _images(doc.scan):
        if not alt:
            continue
        for h in list(kept):
            if h.category in _PERSONISH and alt[0] <= h.start and h.end <= alt[1]:
                kept.remove(h)
                moved.append(dataclasses.replace(
                    h, category="IMAGE", rule="alt-text", detector="image", message="",
                    context=f"the alt text names someone ({h.context})"))
    return kept + moved


def file_name_names(doc, names: dict[str, str], found: list[Hit]) -> list[Hit]:
    """Post-processor: file-name parts that are one of the story's PERSON `names`
    (`propernoun.names_of`), other than those `find` found."""
    people = {n.lower() for n, cat in names.items() if cat in ("PERSON", "IMAGE")}
    if not people:
        return []
    seen = {(h.start, h.end) for h in found}
    return [h for _, src in _images(doc.scan) if src
            for h in _file_name(doc, *src, lambda word: word.lower() in people)
            if (h.start, h.end) not in seen]


def _images(scan):
    for m in _MD_IMG.finditer(scan):
        yield m.span("alt"), m.span("src")
    for m in _HTML_IMG.finditer(scan):
        alt = src = None
        for a in _ATTR.finditer(m.group()):
            g = 2 if a.group(2) is not None else 3
            span = (m.start() + a.start(g), m.start() + a.end(g))
            if a.group(1).lower() == "alt":
                alt = span
            else:
                src = span
        yield alt, src


def _file_name(doc, s, e, is_name):
    path = doc.scan[s:e]
    base_at = path.rfind("/") + 1
    for part in re.finditer(r"[^\W\d_]+", path[base_at:]):
        word = part.group()
        if len(word) < 3 or word.lower() in _EXTENSIONS:
            continue
        cap = word[0].upper() + word[1:].lower()
        if cap in doc.allow_words or word in doc.allow_words:
            continue
        if is_name(word) or (cap in gz.first_names() and not gz.is_common_word(cap)):
            ps = s + base_at + part.start()
            yield Hit(ps, ps + len(word), "IMAGE", "file-name",
                      f"the image file name contains the name '{word}'")
