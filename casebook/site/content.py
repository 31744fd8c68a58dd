"""What a story may not carry, whatever the checker finds in it.

- Active content (`<script>`, `<style>`, `<iframe>`, event handlers, `javascript:` links):
  it runs or assembles text in the reader's browser that no check of the source can read
  (`content: "\\4F ksana"`, `document.write`). A story is prose: active content is a problem.
- Pseudonyms: a pseudonym is accepted everywhere in the story, so it must be what it says,
  one invented given name or a label ("Client Y"). A full name, an organisation or a place
  declared as a "pseudonym" would publish silently.
- Paths: every folder of a story's path is part of its URL.
The rules' words live in `casebook/data/content.yaml`.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from ..checker import CheckConfig, Finding, path_problems
from ..schema import Problem
from ..story import Story


@functools.cache
def _rules() -> dict:
    data = yaml.safe_load(resources.files("casebook").joinpath("data", "content.yaml")
                          .read_text(encoding="utf-8"))
    elements = "|".join(data["active_elements"])
    attrs = "|".join(data["active_attributes"])
    schemes = "|".join(re.escape(s) for s in data["active_schemes"])
    return {
        "element": re.compile(r"<\s*(" + elements + r")\b", re.I),
        "attribute": re.compile(r"<[a-zA-Z][^<>]*?\s(" + attrs + r")\s*=", re.I),
        "scheme": re.compile(r"(?<![\w-])(" + schemes + r")", re.I),
        "label": re.compile(data["pseudonym_label"]),
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


def pseudonym_problems(story: Story) -> list[Problem]:
    """Pseudonyms that look like a full name, an organisation or a place."""
    from ..checker import gazetteers as gz
    label = _rules()["label"]
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


def folder_problems(story: Story, rel: str | None, findings: list[Finding],
                    config: CheckConfig) -> list[Problem]:
    """Names in the folders of a story's docs-relative path (the file name is the
    checker's own problem)."""
    if not rel or "/" not in rel:
        return []
    return path_problems(story, rel.split("/")[:-1], findings, config, what="folder name")
