"""The story model: one dataclass shared by the checker, the MkDocs plugin and the templates.

Loading is strict on purpose. MkDocs on its own swallows a YAML error and publishes the raw
front-matter as page text (losing `draft: true` on the way), so casebook parses front-matter
itself and turns every problem into a `Problem` with file and line. Nothing here imports
MkDocs, and nothing here ever writes to the coach's file.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .datafile import LOADER
from .schema import KINDS, NOT_FOR, SCHEMA, FieldError, Problem, did_you_mean

MAX_BYTES = 1_000_000  # a story is a few thousand words; 1 MB is a pasted transcript or worse
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_YAML = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class Scalar:
    """One scalar of the front-matter, where it sits in the story's text and how it is quoted.

    `start`/`end` are offsets into `Story.text` (quotes included for quoted scalars);
    `value` is the text as YAML produces it (escapes decoded, folded lines joined)."""

    start: int
    end: int
    value: str
    style: str | None          # None (plain), "'", '"', "|" or ">"
    path: str                  # key path: "title", "goal.before", "outcomes[2]"
    is_key: bool = False


class FrontMatter:
    """The composed YAML of a story's front-matter, with positions in the story's text.

    The checker masks metadata values by these spans, and `fix` edits scalars in place by
    them. No other module composes the YAML. The nodes are composed again from the story's
    text when first asked for, not kept from `parse`: they take about 12 KB a story, more
    than its text, and a build keeps every story for its whole length while only the
    checker's cache misses (in forked workers) and `fix` ever read them. Composing takes a
    few hundredths of a millisecond."""

    __slots__ = ("_text", "base", "end", "_node")

    def __init__(self, text: str, base: int, end: int):
        self._text = text     # the story's text (shared, not copied)
        self.base = base      # offset of the YAML source in Story.text
        self.end = end
        self._node: yaml.MappingNode | None = None

    @property
    def node(self) -> yaml.MappingNode:
        """The root mapping node (`parse` kept this FrontMatter only when it is one)."""
        if self._node is None:
            loader = LOADER(self._text[self.base:self.end])
            try:
                self._node = loader.get_single_node()
            finally:
                loader.dispose()
        return self._node

    def span(self, node: yaml.Node) -> tuple[int, int]:
        return self.base + node.start_mark.index, self.base + node.end_mark.index

    def field(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """(key node, value node) of a top-level key (the last one when repeated)."""
        found = None
        for k, v in self.node.value:
            if isinstance(k, yaml.ScalarNode) and str(k.value) == key:
                found = (k, v)
        return found

    def keys(self) -> list[str]:
        return [str(k.value) for k, _ in self.node.value]

    def scalars(self, key: str | None = None, *, keys: bool = False) -> list[Scalar]:
        """Every scalar under `key` (the whole front-matter when None), in order.

        Mapping keys are included (with `is_key`) only when `keys` is true."""
        out: list[Scalar] = []
        if key is None:
            self._walk(self.node, "", out, keys)
        else:
            kv = self.field(key)
            if kv:
                if keys:
                    self._add(kv[0], key, out, True)
                self._walk(kv[1], key, out, keys)
        return out

    def _add(self, node, path, out, is_key):
        a, b = self.span(node)
        out.append(Scalar(a, b, str(node.value), node.style or None, path, is_key))

    def _walk(self, node, path, out, keys):
        if isinstance(node, yaml.ScalarNode):
            self._add(node, path, out, False)
        elif isinstance(node, yaml.SequenceNode):
            for i, n in enumerate(node.value):
                self._walk(n, f"{path}[{i}]", out, keys)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                sub = f"{path}.{k.value}" if path else str(k.value)
                if keys and isinstance(k, yaml.ScalarNode):
                    self._add(k, sub, out, True)
                self._walk(v, sub, out, keys)


@dataclass
class Story:
    """A story as read from disk: its text, its parsed fields and what is wrong with it."""

    path: str                      # as shown to the coach (relative when possible)
    text: str = ""                 # whole file, BOM dropped, newlines normalised to \n
    body_offset: int = 0           # character offset of `body` in `text`
    front_matter_span: tuple[int, int] = (0, 0)  # offsets of the YAML inside `text`
    front: FrontMatter | None = None             # the composed YAML, when it parses
    unreadable: frozenset[str] = frozenset()     # keys whose value YAML could not convert
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Parsed fields (None or empty when missing or invalid).
    title: str | None = None
    kind: str | None = None
    summary: str | None = None
    role: str | None = None
    sector: str | None = None
    organisation: str | None = None
    participants: str | None = None
    goal: dict[str, str] | None = None
    outcomes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    duration: str | None = None
    consent: str | None = None
    pseudonyms: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    date: _dt.date | None = None
    author: str | None = None      # a key of the plugin's `authors` option
    draft: bool = False
    quote: str | None = None
    featured: bool = False

    @property
    def body(self) -> str:
        """The Markdown after the front-matter. Sliced when asked for, not kept beside the
        text it is the tail of: a build keeps every story, most of whose text is body."""
        return self.text[self.body_offset:]

    @property
    def slug(self) -> str:
        return Path(self.path).stem

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def body_line(self) -> int:
        """1-based line of the body's first character."""
        return self.text.count("\n", 0, self.body_offset) + 1

    @property
    def headline(self) -> str | None:
        """The outcome shown first on cards and in the story header."""
        return self.outcomes[0] if self.outcomes else None

    @property
    def who(self) -> str | None:
        """Role for a client story, organisation for a programme: what a card leads with."""
        return self.role if self.kind == "client-story" else self.organisation

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Bytes to text, or one precise problem. Handles BOM and CRLF; refuses binary."""
    if len(data) > MAX_BYTES:
        return None, Problem(path, 0, "", f"is {len(data) / 1e6:.1f} MB; a story must be under "
                             f"{MAX_BYTES / 1e6:.0f} MB (is this a transcript or an export?)")
    if b"\x00" in data[:8192]:
        return None, Problem(path, 0, "", "is a binary file, not Markdown text "
                             "(was a .docx or PDF renamed to .md?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return None, Problem(path, line, "", f"is not valid UTF-8 (byte 0x{data[e.start]:02x} "
                             f"at byte {e.start}); save the file as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load(path: str | Path, *, display: str | None = None) -> Story:
    """Read and validate one story. Never raises for bad content: see `Story.problems`."""
    shown = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return Story(path=shown, problems=[Problem(shown, 0, "", f"cannot be read: {e.strerror}")])
    return parse(data, shown)


def parse(data: bytes | str, path: str) -> Story:
    """Parse a story from bytes (or text). Every problem is collected, none raised."""
    if isinstance(data, bytes):
        text, problem = decode(data, path)
        if problem:
            return Story(path=path, problems=[problem])
    else:
        text = data.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    story = Story(path=path, text=text)
    slug = Path(path).stem
    if not SLUG_RE.match(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "my-story"
        story.problems.append(Problem(path, 0, "", f"has a file name that is not a clean slug; "
                                      f"rename it to '{suggestion}.md' (lowercase letters, "
                                      "digits and hyphens)"))
    if not text.strip():
        story.problems.append(Problem(path, 1, "", "is empty; start it with front-matter "
                                      "between '---' lines (run 'casebook new' for a skeleton)"))
        return story
    if not _YAML.detect(text):
        story.problems.append(Problem(path, 1, "", "has no front-matter; a story starts with "
                                      "'---', its YAML fields, then '---'"))
        return story
    if _split(story) and _parse_yaml(story):
        _validate(story)
    return story


def _split(story: Story) -> bool:
    # python-frontmatter's boundary pattern finds the delimiters; we keep the offsets so that
    # findings and errors point at the right line of the original file.
    m = _YAML.FM_BOUNDARY.search(story.text)
    end = _YAML.FM_BOUNDARY.search(story.text, m.end()) if m else None
    if not m or m.start() != 0 or not end:
        story.problems.append(Problem(story.path, 1, "", "front-matter is not closed: add a "
                                      "line with only '---' after the last field"))
        return False
    start = m.end() + 1 if story.text[m.end():m.end() + 1] == "\n" else m.end()
    story.front_matter_span = (start, end.start())
    body = end.end() + 1 if story.text[end.end():end.end() + 1] == "\n" else end.end()
    story.body_offset = body
    return True


def _parse_yaml(story: Story) -> bool:
    start, end = story.front_matter_span
    source = story.text[start:end]
    first_line = story.line_of(start)
    try:
        # Compose once (the nodes keep their positions for messages, masking and fix), then
        # construct each top-level value on its own: a value YAML cannot convert (an
        # impossible date, a bad tag, a 5,000-digit number) is one problem on its line.
        loader = LOADER(source)
        unreadable: set[str] = set()
        try:
            node = loader.get_single_node()
            meta = {} if node is not None else None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    try:
                        key = loader.construct_object(key_node, deep=True)
                        meta[str(key)] = loader.construct_object(value_node, deep=True)
                    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
                        what = getattr(e, "problem", None) or str(e).splitlines()[0]
                        unreadable.add(str(key_node.value))
                        story.problems.append(Problem(
                            story.path, first_line + value_node.start_mark.line,
                            str(key_node.value), f"has a value YAML cannot read ({what}); "
                            "write it as plain text, a list or a date YYYY-MM-DD"))
            elif node is not None:
                meta = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        # The context mark points where the broken construct starts (an unclosed quote or
        # bracket); the problem mark is often just the end of the front-matter.
        context = getattr(e, "context", None) or ""
        use_context = context.startswith(("while scanning a quoted", "while parsing a flow"))
        mark = (getattr(e, "context_mark", None) if use_context else None) \
            or getattr(e, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        if getattr(e, "context", None):
            what = f"{e.context} here, {what}"
        story.problems.append(Problem(story.path, line, "", f"front-matter is not valid YAML: "
                                      f"{what}; check quotes and colons on this line (a value "
                                      "with ': ' in it needs quotes)"))
        return False
    except RecursionError:
        story.problems.append(Problem(story.path, first_line, "",
                                      "front-matter is nested too deeply to be a story"))
        return False
    if meta is None:
        meta = {}
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        story.problems.append(Problem(story.path, first_line, "", "front-matter must be a set "
                                      "of 'key: value' lines; got "
                                      f"{type(meta).__name__}"))
        return False
    seen: dict[str, int] = {}
    for key_node, _value in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in seen:
            story.problems.append(Problem(story.path, line, key, f"appears twice (first on "
                                          f"line {seen[key]}); YAML keeps only the last one"))
        seen[key] = line
    story.key_lines = seen
    story.meta = {str(k): v for k, v in meta.items()}
    story.front = FrontMatter(story.text, start, end)
    story.unreadable = frozenset(unreadable)
    return True


_BOOL_WORDS = frozenset({"true", "false"})


def _yaml_bool_hint(story: Story, key: str, value: Any) -> str:
    """`consent: yes` reads as true: say which word YAML turned into true/false."""
    if not isinstance(value, bool) or story.front is None:
        return ""
    kv = story.front.field(key)
    raw = kv[1].value if kv and isinstance(kv[1], yaml.ScalarNode) else ""
    if not raw or raw.lower() in _BOOL_WORDS:
        return ""
    return f" (YAML reads the unquoted '{raw}' as true/false; write the value itself, " \
           "or put it in quotes)"


def _validate(story: Story) -> None:
    meta = story.meta
    first_line = story.line_of(story.front_matter_span[0])
    kind = meta.get("kind") if isinstance(meta.get("kind"), str) else None
    for key in meta:
        if key not in SCHEMA:
            story.problems.append(Problem(story.path, story.key_lines.get(key, first_line), key,
                                          "is not a story field" + did_you_mean(key, SCHEMA)))
    for key, spec in SCHEMA.items():
        line = story.key_lines.get(key, first_line)
        if key in story.unreadable:
            continue
        if key not in meta:
            if kind in spec.required:
                story.problems.append(Problem(story.path, first_line, key,
                                              f"is required for a {kind}; add it"))
            elif kind is None and spec.required == frozenset(KINDS):
                story.problems.append(Problem(story.path, first_line, key,
                                              "is required for every story; add it"))
            continue
        if kind in NOT_FOR and key in NOT_FOR[kind]:
            story.problems.append(Problem(story.path, line, key, f"does not belong in an {kind} "
                                          "(an article with no client); remove it or set "
                                          "'kind: client-story'"))
            continue
        if meta[key] is None and kind not in spec.required and spec.required != frozenset(KINDS):
            continue     # an optional field left empty ("quote:") is no field
        try:
            value = spec.validate(meta[key])
        except FieldError as e:
            # Every error in the value at once (each item of a list, both halves of goal).
            hint = _yaml_bool_hint(story, key, meta[key])
            for err in e.all():
                story.problems.append(Problem(story.path, line, key + err.subpath,
                                              err.message + hint))
            continue
        setattr(story, key, value)
    story.problems.sort(key=lambda p: (p.line, p.key))
