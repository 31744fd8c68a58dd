"""IMAGE: an image whose file name or alt text names someone.

Runs last. A name found inside an image's alt text is re-labelled IMAGE; the file name is
split on - _ . and each part is checked against the story's names (any case) and the
first-name gazetteer ("jo-smith-award.jpg").
"""
from __future__ import annotations

import re

from .. import gazetteers as gz
from ..registry import Hit, register

_MD_IMG = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"\b(alt|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_PERSONISH = ("PERSON",)


@register
class ImageDetector:
    name = "image"
    categories = ("IMAGE",)

    def find(self, doc):
        for alt, src in _images(doc.scan):
            if alt:
                for h in list(doc.hits):
                    if h.category in _PERSONISH and alt[0] <= h.start and h.end <= alt[1]:
                        doc.hits.remove(h)
                        yield Hit(h.start, h.end, "IMAGE", "alt-text",
                                  f"the alt text names someone ({h.context})")
            if src:
                yield from _file_name(doc, *src)


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


def _file_name(doc, s, e):
    path = doc.scan[s:e]
    base_at = path.rfind("/") + 1
    names = {n.lower() for n in doc.names if doc.names[n] in ("PERSON", "IMAGE")}
    for part in re.finditer(r"[^\W\d_]+", path[base_at:]):
        word = part.group()
        if len(word) < 3 or word.lower() in ("jpg", "jpeg", "png", "gif", "svg", "webp"):
            continue
        cap = word[0].upper() + word[1:].lower()
        if cap in doc.allow_words or word in doc.allow_words:
            continue
        if word.lower() in names or (cap in gz.first_names() and not gz.is_common_word(cap)):
            ps = s + base_at + part.start()
            yield Hit(ps, ps + len(word), "IMAGE", "file-name",
                      f"the image file name contains the name '{word}'")
