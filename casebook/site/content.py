"""What a story may not carry, whatever the checker finds in it.

- Active content (`<script>`, `<style>`, `<iframe>`, event handlers, `javascript:` links):
  it runs or assembles text in the reader's browser that no check of the source can read
  (`content: "\\4F ksana"`, `document.write`). A story is prose: active content is a problem.
- Pseudonyms (checked with the story, `casebook/checker/pseudonyms.py`): one given name or
  a label, never a full name, an organisation or a place.
- Paths: every folder of a story's path is part of its URL.
The rules' words live in `casebook/data/content.yaml`.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from ..checker import CheckConfig, Finding, path_problems
from ..datafile import load_yaml
from ..schema import Problem
from ..story import Story


@functools.cache
def _rules() -> dict:
    data = load_yaml(resources.files("casebook").joinpath("data", "content.yaml")
                     .read_text(encoding="utf-8"))
    elements = "|".join(data["active_elements"])
    attrs = "|".join(data["active_attributes"])
    schemes = "|".join(re.escape(s) for s in data["active_schemes"])
    # The lookahead lets `re` skip to where a scheme can start (its first letters, in any
    # case, as re.I reads them); the lookbehind alone was tried at every position.
    first = "".join(sorted({re.escape(s[0]) for s in data["active_schemes"]}))
    return {
        "element": re.compile(r"<\s*(" + elements + r")\b", re.I),
        "attribute": re.compile(r"<[a-zA-Z][^<>]*?\s(" + attrs + r")\s*=", re.I),
        "scheme": re.compile(f"(?=[{first}])" + r"(?<![\w-])(" + schemes + r")", re.I),
    }


def active_content(story: Story) -> list[Problem]:
    """Scripts, styles, embedded documents and event handlers in the body."""
    rules = _rules()
    out = []
    for kind, rx in (("element", rules["element"]), ("attribute", rules["attribute"]),
                     ("scheme", rules["scheme"])):
        for m in rx.finditer(story.body):
            line = story.line_of(story.body_offset + m.start())
            what = {"element": f"a <{m.group(1).lower()}> element",
                    "attribute": f"an event handler ({m.group(1).lower()}=)",
                    "scheme": f"a {m.group(1).lower()} link"}[kind]
            out.append(Problem(story.path, line, "", f"has {what}; a story is prose: active "
                               "content runs or assembles text in the reader's browser that "
                               "no check can read, so remove it"))
    return out


def folder_problems(story: Story, rel: str | None, findings: list[Finding],
                    config: CheckConfig) -> list[Problem]:
    """Names in the folders of a story's docs-relative path (the file name is the
    checker's own problem)."""
    if not rel or "/" not in rel:
        return []
    return path_problems(story, rel.split("/")[:-1], findings, config, what="folder name")
