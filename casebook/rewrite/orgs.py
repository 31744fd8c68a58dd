"""ORG: an employer becomes a generalised description from its last word ("X University" ->
"a university", "X Insurance" -> "an insurer"; casebook/data/org_nouns.yaml), "the ..." on
later mentions, dropped when it only qualifies a noun ("the X head office" -> "the head
office") or is a short aside ("(X UK)")."""
from __future__ import annotations

import re

from ..story import Story
from .data import table
from .english import case
from .spans import (POSSESSIVE, Descriptions, Edit, Hit, deletion, modifier, parenthetical,
                    phrase, with_article)


def key(name: str) -> str:
    """One key for every spelling of an employer ("the X Group's" and "X Group")."""
    name = POSSESSIVE.sub("", " ".join(name.split())).casefold()
    return re.sub(r"^the\s+", "", name)


def noun(name: str) -> str:
    """What kind of organisation a name is, from its last known word."""
    nouns = table("org_nouns")
    words = re.findall(r"[\w&]+", name)
    for w in reversed(words[1:] if len(words) > 1 else []):
        found = nouns.get(w.casefold())
        if found:
            return found
    return "organisation"


def spellings(mapping: dict[str, str], org_key: str) -> list[str]:
    """The spellings of one employer met so far that a repeat may be matched by: whole
    names only, never a short or lowercase piece ("of", "and")."""
    return [k for k in mapping if key(k) == org_key and len(k) >= 4 and k[:1].isupper()]


def edit(story: Story, h: Hit, desc: Descriptions, mapping: dict[str, str]) -> Edit | None:
    text = story.text
    start, end = h.start, h.end
    m = POSSESSIVE.search(h.text)
    if m:
        end = start + m.start()
    name = text[start:end]
    kind, idx, first = desc.describe("ORG", key(name), noun(name))
    mapping.setdefault(name, "")
    paren = parenthetical(text, start, end)
    if paren:   # 'Telecoms (X UK)' -> 'Telecoms'
        mapping[name] = mapping[name] or "(dropped)"
        return Edit(paren[0], paren[1], "", "ORG", text[paren[0]:paren[1]])
    mod = modifier(text, start, end, story)
    if mod:
        mapping[name] = mapping[name] or f"(dropped) / {phrase(kind, idx, True)}"
        return deletion(story, mod, "ORG")
    new, start = with_article(text, start, kind, idx, first)
    mapping[name] = mapping[name] or phrase(kind, idx, True)
    return Edit(start, end, case(story, start, new), "ORG", text[start:end])
