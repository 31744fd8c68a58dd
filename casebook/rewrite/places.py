"""LOCATION: "a city" / "another city" / "the city", "part of town" for a street or building
(casebook/data/streetish.txt); dropped when the place only qualifies a noun."""
from __future__ import annotations

from ..story import Story
from .data import termset
from .english import case
from .spans import Descriptions, Edit, Hit, deletion, modifier, phrase, with_article


def edit(story: Story, h: Hit, desc: Descriptions, mapping: dict[str, str]) -> Edit | None:
    text = story.text
    start, end = h.start, h.end
    name = text[start:end]
    mod = modifier(text, start, end, story)
    if mod:
        mapping.setdefault(name, "(dropped)")
        return deletion(story, mod, "LOCATION")
    last = name.split()[-1].casefold() if name.split() else ""
    noun = "part of town" if last in termset("streetish") or \
        h.rule in ("street-or-building", "site") else "city" if h.rule == "city" else "place"
    noun, idx, first = desc.describe("LOCATION", name.casefold(), noun)
    new, start = with_article(text, start, noun, idx, first)
    mapping.setdefault(name, phrase(noun, idx, True))
    return Edit(start, end, case(story, start, new), "LOCATION", text[start:end])
