"""The checker's pipeline, in one place: what runs, in which order, and what each stage sees.

    1. Identifier detectors, pure functions `find(doc, prior) -> list[Hit]` of the read-only
       `Document` and of the hits before them (`Prior`): email, url, ids, phone, postcode,
       dates, quasi. An email claims its text, so the URL detector skips the domain in it.
    2. Name detection: `propernoun.find(doc, prior)` returns its names (PERSON, ORG,
       LOCATION hits), decided by the evidence ladder (`detectors/evidence.py`).
    3. Post-processors over the name hits: `propagate` (every other capitalised occurrence
       of a found name) and `names_of` (the story's names, a value the later stages read).
    4. The late identifier detectors: handle (handles, branded hashtags) and image (image
       file names holding a first name).
    5. Post-processors over all hits: `hashtag_names` (a hashtag containing one of the
       story's names), `alt_text` (a name in an image's alt text is relabelled IMAGE),
       `file_name_names` (an image file name holding one of the story's names).

Nothing here depends on import order; each stage can be called alone (tests do). A hit
whose rule is disabled (`CheckConfig.disabled`: a detector name or a rule code, see
`rules.py`) is dropped where it is made, so its names do not spread.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Iterable

from .detectors import dates, email, handle, ids, image, phone, postcode, propernoun, quasi, url
from .document import Document
from .registry import NO_PRIOR, Hit, Prior

Find = Callable[[Document, Prior], Iterable[Hit]]

# Stage 1: identifier detectors, in run order (name, categories it may emit, find).
IDENTIFIERS: tuple[tuple[str, tuple[str, ...], Find], ...] = (
    ("email", email.CATEGORIES, email.find),
    ("url", url.CATEGORIES, url.find),
    ("ids", ids.CATEGORIES, ids.find),
    ("phone", phone.CATEGORIES, phone.find),
    ("postcode", postcode.CATEGORIES, postcode.find),
    ("dates", dates.CATEGORIES, dates.find),
    ("quasi", quasi.CATEGORIES, quasi.find),
)
# Stage 2: name detection.
NAMES = ("propernoun", propernoun.CATEGORIES, propernoun.find)
# Stage 4: identifier detectors that run after the names (their post-processors read them).
LATE = (
    ("handle", handle.CATEGORIES, handle.find),
    ("image", image.CATEGORIES, image.find),
)
# Every detector by name, in run order: what `--disable` and `--select` accept.
DETECTORS = {name: cats for name, cats, _ in (*IDENTIFIERS, NAMES, *LATE)}


def run(doc: Document, disabled=frozenset()) -> list[Hit]:
    """Every stage over one document, in order: the hits, before suppression and dedupe."""
    from . import rules
    off = rules.disabled_set(disabled)

    def stage(name: str, hits: Iterable[Hit]) -> list[Hit]:
        out = []
        for h in hits:
            if not h.detector:
                h = dataclasses.replace(h, detector=name)
            if h.end > h.start and not doc.is_allowed(h.start, h.end) and \
                    not rules.is_off(h, off):
                out.append(h)
        return out

    def on(name: str) -> bool:
        return name not in off

    prior = NO_PRIOR
    for name, _, find in IDENTIFIERS:
        if on(name):
            prior = prior.plus(stage(name, find(doc, prior)))
    name_hits: list[Hit] = []
    if on("propernoun"):
        name_hits = stage("propernoun", propernoun.find(doc, prior))
        name_hits += stage("propernoun", propernoun.propagate(doc, name_hits, prior))
    names = propernoun.names_of(doc, name_hits)
    prior = prior.plus(name_hits)
    if on("handle"):
        tags = stage("handle", handle.find(doc, prior))
        prior = prior.plus(stage("handle", handle.hashtag_names(doc, tags, names, prior)))
    if on("image"):
        files = stage("image", image.find(doc, prior))
        hits = stage("image", image.alt_text(doc, list(prior.hits)))
        hits += files + stage("image", image.file_name_names(doc, names, files))
        prior = Prior(hits)
    return list(prior.hits)
