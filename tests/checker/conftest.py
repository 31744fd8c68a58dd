"""Helpers for checker tests: wrap invented text in a valid story and check it."""
from __future__ import annotations

import pytest

from casebook.checker import CheckConfig, check_story, clear_cache
from casebook.story import parse

FRONT = """\
---
title: "A story for tests"
kind: client-story
summary: "A director learned to delegate."
role: "Director, a national retailer"
sector: "Retail"
goal:
  before: "Do everything myself"
  after: "Lead through others"
outcomes:
  - "Promoted within 12 months"
themes: [delegation]
duration: "12 months"
consent: written
pseudonyms: {pseudonyms}
allow: {allow}
date: 2024-05-06
---
"""


def story_of(body: str, pseudonyms=(), allow=(), path="stories/test-story.md"):
    fm = FRONT.format(pseudonyms="[" + ", ".join(pseudonyms) + "]",
                      allow="[" + ", ".join(f'"{a}"' for a in allow) + "]")
    s = parse(fm + body, path)
    assert not s.problems, s.problems
    return s


def findings(body: str, *, pseudonyms=(), allow=(), project_allow=(), categories=None):
    clear_cache()
    s = story_of(body, pseudonyms, allow)
    out = check_story(s, CheckConfig(allow=tuple(project_allow)))
    if categories:
        out = [f for f in out if f.category in categories]
    return out


def texts(body: str, categories=None, **kw) -> list[str]:
    return [f.text for f in findings(body, categories=categories, **kw)]


def covered(body: str, needle: str, categories=None, **kw) -> bool:
    """Is every occurrence of `needle` in the body overlapped by a finding?"""
    fs = findings(body, categories=categories, **kw)
    s = story_of(body, kw.get("pseudonyms", ()), kw.get("allow", ()))
    start = s.body_offset
    spans = []
    i = body.find(needle)
    while i >= 0:
        spans.append((start + i, start + i + len(needle)))
        i = body.find(needle, i + 1)
    assert spans, f"{needle!r} not in fixture"
    return all(any(f.start < b and a < f.end for f in fs) for a, b in spans)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
