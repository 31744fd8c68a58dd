"""What detectors share: the `Hit` they return and the read-only view of earlier hits.

A detector is a pure function `find(doc, prior) -> list[Hit]` of a read-only `Document` and
of `prior`, the hits of the stages before it (a `Prior`: the proper-noun detector skips text
already claimed as an email or URL). Which detectors run, in which order, and the
post-processors that combine their hits, are listed in one place: `checker/pipeline.py`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .document import Spans

# Hits of these categories claim their text: later stages do not read names inside them.
STRUCTURED = ("EMAIL", "URL", "PHONE", "HANDLE", "ID")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    category: str
    rule: str           # which rule of the detector
    context: str        # the evidence that decided, in words
    detector: str = ""
    message: str = ""   # optional override of the category's default advice


class Prior:
    """The hits of earlier stages, read-only. `claimed(start, end)`: does a span overlap a
    structured identifier (email, URL, phone, handle, ID) found before?"""

    __slots__ = ("hits", "_spans")

    def __init__(self, hits=(), _spans: Spans | None = None):
        self.hits = tuple(hits)
        if _spans is None:
            _spans = Spans()
            for h in self.hits:
                if h.category in STRUCTURED:
                    _spans.add(h.start, h.end)
        self._spans = _spans

    def claimed(self, start: int, end: int) -> bool:
        return self._spans.overlaps(start, end)

    def plus(self, hits) -> "Prior":
        """A new view with `hits` added after these (this one is unchanged)."""
        spans = Spans()
        spans.starts, spans.ends, spans.longest = (list(self._spans.starts),
                                                   list(self._spans.ends), self._spans.longest)
        for h in hits:
            if h.category in STRUCTURED:
                spans.add(h.start, h.end)
        return Prior(self.hits + tuple(hits), spans)


NO_PRIOR = Prior()


def names() -> list[str]:
    """The detectors' names, in run order (see `pipeline.DETECTORS`)."""
    from .pipeline import DETECTORS
    return list(DETECTORS)
