"""Pseudonyms must be what they say: one invented given name, or a label ("Client Y").

A pseudonym is accepted everywhere in the story, so a full name, an organisation or a place
declared as a "pseudonym" would publish silently. Checked with the story (the problems are
cached with its findings); the label pattern lives in `casebook/data/content.yaml`.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from ..datafile import load_yaml
from ..schema import Problem
from ..story import Story


@functools.cache
def _label() -> re.Pattern:
    data = load_yaml(resources.files("casebook").joinpath("data", "content.yaml")
                     .read_text(encoding="utf-8"))
    return re.compile(data["pseudonym_label"])


def pseudonym_problems(story: Story) -> list[Problem]:
    """Pseudonyms that look like a full name, an organisation or a place."""
    from . import gazetteers as gz
    label = _label()
    out = []
    line = story.key_lines.get("pseudonyms", 0)
    for i, name in enumerate(story.pseudonyms):
        words = name.split()
        why = None
        if label.match(name):
            continue
        if len(words) > 1:
            why = "looks like a full name or an organisation"
        elif name in gz.cities() and name not in gz.first_names():
            why = "is a place"
        elif not name[:1].isupper():
            why = "is not a given name"
        if why:
            out.append(Problem(story.path, line, f"pseudonyms[{i}]",
                               f"is '{name}', which {why}; a pseudonym is one invented given "
                               "name (\"Alex\") or a label (\"Client Y\"), and is accepted "
                               "everywhere in the story"))
    return out


