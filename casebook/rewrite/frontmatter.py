"""Edits inside the front-matter, by span on the story's text, from the YAML composed once
by the story model (`story.front`): nothing here composes or re-serialises YAML.

- `apply` escapes a replacement for the quoting of the scalar it lands in;
- `set_pseudonyms` adds invented names to `pseudonyms:` in place, whatever its style
  (flow list with comments, block list, tag, anchor or alias, empty, missing), and checks
  the result: every other field must read exactly as before."""
from __future__ import annotations

import re

import yaml

from ..story import Story, parse
from .spans import Edit

# Fields that are metadata, not prose: never rewritten as repeats of a name.
META_FIELDS = ("pseudonyms", "allow", "date", "kind", "consent", "draft")


def meta_ranges(story: Story) -> list[tuple[int, int]]:
    """Offsets of front-matter fields that are metadata (pseudonyms, allow, date...)."""
    fm = story.front
    if fm is None:
        return []
    out = []
    for name in META_FIELDS:
        kv = fm.field(name)
        if kv:
            out.append((fm.span(kv[0])[0], fm.span(kv[1])[1]))
    return out


def _escape(new: str, style: str | None) -> str:
    if style == "'":
        return new.replace("'", "''")
    if style == '"':
        return new.replace("\\", "\\\\").replace('"', '\\"')
    return new


def apply(story: Story, edits: list[Edit]) -> str:
    """Apply span edits; inside front-matter scalars, escape for their quoting style."""
    text = story.text
    scalars = story.front.scalars(keys=True) if story.front is not None else []
    parts, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        new = e.new
        for s in scalars:
            if s.start <= e.start < s.end:
                new = _escape(new, s.style)
                break
        parts.append(text[pos:e.start])
        parts.append(new)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def _insert(story: Story, names: list[str]) -> str | None:
    text, fm = story.text, story.front
    kv = fm.field("pseudonyms")
    if kv is None:
        # Missing (or only merged in from elsewhere): one new line, keeping any merged names.
        items = list(story.pseudonyms) + names
        line = f"pseudonyms: [{', '.join(items)}]   # invented names (added by casebook fix)\n"
        end = story.front_matter_span[1]
        if end and text[end - 1:end] != "\n":
            line = "\n" + line
        return text[:end] + line + text[end:]
    key, value = kv
    key_end = fm.span(key)[1]
    a, b = fm.span(value)
    alias = re.match(r"[ \t]*:[ \t]*(\*[^\s,\[\]{}#]+)", text[key_end:])
    if alias:
        # `pseudonyms: *names`: the alias becomes a list of its items plus the new names;
        # the anchored list (and whatever else uses it) stays as it was.
        if not isinstance(value, yaml.SequenceNode) or not all(
                isinstance(n, yaml.ScalarNode) and (n.style or None) in (None, "'", '"')
                for n in value.value):
            return None
        items = [text[slice(*fm.span(n))] for n in value.value]
        s, e = key_end + alias.start(1), key_end + alias.end(1)
        return text[:s] + "[" + ", ".join(items + names) + "]" + text[e:]
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        if value.value:       # after the last item: comments, tags and layout stay
            at = fm.span(value.value[-1])[1]
            return text[:at] + "".join(f", {n}" for n in names) + text[at:]
        close = text.rfind("]", a, b)
        if close < 0:
            return None
        return text[:close] + ", ".join(names) + text[close:]
    if isinstance(value, yaml.SequenceNode):
        if not value.value:
            return None
        last_end = fm.span(value.value[-1])[1]
        line_end = text.find("\n", last_end)
        line_end = len(text) if line_end < 0 else line_end
        first_line_start = text.rfind("\n", 0, fm.span(value.value[0])[0]) + 1
        indent = re.match(r"[ \t]*-[ \t]*", text[first_line_start:])
        if not indent:
            return None
        return text[:line_end] + "".join(f"\n{indent.group()}{n}" for n in names) + \
            text[line_end:]
    if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
        if a == b or text[a:b].strip() == "":
            return text[:key_end + 1] + " [" + ", ".join(names) + "]" + text[key_end + 1:]
        return text[:a] + "[" + ", ".join(names) + "]" + text[b:]
    return None      # pseudonyms: is something else (invalid); leave it to the coach


def set_pseudonyms(story: Story, names: list[str]) -> str | None:
    """`story.text` with `names` added to `pseudonyms:`, editing that one value in place;
    None when it cannot be done so that every other field reads exactly as before."""
    if story.front is None or not names:
        return None
    new = _insert(story, names)
    if new is None:
        return None
    after = parse(new, story.path)
    if after.front is None or after.pseudonyms != list(story.pseudonyms) + names:
        return None
    rest = {k: v for k, v in story.meta.items() if k != "pseudonyms"}
    if {k: v for k, v in after.meta.items() if k != "pseudonyms"} != rest:
        return None
    return new
