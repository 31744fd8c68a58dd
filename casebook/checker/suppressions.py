"""Unused suppressions: a reasoned `<!-- casebook: allow "X" reason="..." -->` that covered
nothing (the text was reworded, or was never flagged). Like ruff's unused-noqa (RUF100).

A warning, never a reason to withhold: it is computed apart from `check` (and its cache),
only for stories that carry a reasoned suppression, by running the detectors once more.
"""
from __future__ import annotations

import dataclasses

from ..schema import Problem
from ..story import Story
from . import CheckConfig, _suppress
from .finding import WARNING_CODES

CODE = WARNING_CODES["UNUSED-SUPPRESSION"]
MARK = "casebook:"


def unused(story: Story, config: CheckConfig = CheckConfig()) -> list[tuple[Problem, str]]:
    """(warning, the suppressed text) for each reasoned suppression that covered nothing."""
    if not story.text or MARK not in story.text:
        return []
    from . import registry
    from .document import build
    doc = build(story, tuple(config.allow))
    if not any(s.reason for s in doc.suppressions):
        return []
    for det in registry.detectors():
        if det.name in config.disabled:
            continue
        for h in det.find(doc):
            if not h.detector:
                h = dataclasses.replace(h, detector=det.name)
            if h.end > h.start and not doc.is_allowed(h.start, h.end):
                doc.hits.append(h)
    _suppress(doc, doc.hits)
    out = []
    for sup in getattr(doc, "unused_suppressions", []):
        line = doc.position(sup.start)[0]
        covered = "its line" if sup.line == line else f"line {sup.line}, the line it covers"
        out.append((Problem(story.path, line, "", f"suppression of \"{sup.text}\" suppressed "
                            f"nothing on {covered}; remove it (the text was reworded, or is "
                            f"not flagged) [{CODE}]"), sup.text))
    return out
