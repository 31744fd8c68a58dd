"""The detector registry: one small unit per detector, Presidio-recognizer style.

A detector has a `name`, the `categories` it may emit and a `find(doc)` that yields `Hit`s.
Detectors run in registry order; a later detector sees earlier hits in `doc.hits` (the
proper-noun detector skips text already claimed as an email or URL, the image detector
re-labels names inside alt text). Adding a detector is one new module plus one line here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

from .document import Document


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    category: str
    rule: str           # which rule of the detector
    context: str        # the evidence that decided, in words
    detector: str = ""
    message: str = ""   # optional override of the category's default advice


class Detector(Protocol):
    name: str
    categories: tuple[str, ...]

    def find(self, doc: Document) -> Iterable[Hit]: ...


_REGISTRY: list[Detector] = []


def register(cls: Callable[[], Detector]):
    """Class decorator: instantiate and add to the registry (order of import = run order)."""
    _REGISTRY.append(cls())
    return cls


def detectors() -> list[Detector]:
    from . import detectors as _  # noqa: F401  (importing registers them, in order)
    return list(_REGISTRY)


def names() -> list[str]:
    return [d.name for d in detectors()]
