"""`casebook new "Title" --kind client-story`: a story skeleton with every field explained.

The skeleton is `draft: true` (and `consent: none`, except for an insight, which has no
client), so an unfinished story is never published; as a draft it passes the site's
checks: no problem and no warning. The slug comes from the title and is checked: a clean slug,
not one the site needs for its own pages, not an existing file (never overwritten), and the
title itself must not identify anyone (the checker reads it before anything is written).
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..site import RESERVED_SLUGS
from ..schema import KINDS
from ..story import SLUG_RE, load, parse
from . import EXIT_ACTION, EXIT_OK, UsageError, display, guarded, main_for, settings

MAX_SLUG = 60

_HEAD = {
    "client-story": "A client story: one client's coaching journey, told so no one can tell "
                    "who they are.",
    "programme": "A programme case study: coaching for a group or an organisation.",
    "insight": "An insight: an article with no client in it (no role, goal or outcomes).",
}

# One block per field: (kinds it belongs to, YAML lines). Comments say what belongs there;
# placeholder values are lowercase and obviously unfinished.
_FIELDS: list[tuple[tuple[str, ...], str]] = [
    (KINDS, 'title: {title}   # the headline; no names, employers or places'),
    (KINDS, 'kind: {kind}   # client-story | programme | insight'),
    (KINDS, 'summary: "write one sentence for cards and search results"   '
            '# what changed, not who'),
    (("client-story",), 'role: "a generalised role, such as director of a support function"'
                        '   # never the exact job title'),
    (("client-story",), 'sector: "a coarse sector, such as public sector"'
                        '   # never the employer'),
    (("programme",), 'organisation: "a generalised organisation, such as a large local '
                     'authority"   # never its name'),
    (("programme",), 'participants: "who took part, such as a senior team of nine"'
                     '   # a group, never a list of names'),
    (("client-story", "programme"),
     'goal:   # in the client\'s words, generalised\n'
     '  before: "what they wanted at the start"\n'
     '  after: "what they wanted by the end"'),
    (("client-story", "programme"),
     'outcomes:   # one line each; the first is shown on cards\n'
     '  - "a result, such as promoted within a year"'),
    (KINDS, 'themes: [leadership]   # a few lowercase themes; each gets its own page'),
    (("client-story", "programme"),
     'duration: "6 months"   # optional; a round figure is safer than an exact one'),
    (("client-story", "programme"),
     'consent: none   # written | verbal | none; set it once the client has agreed'),
    (("client-story", "programme"),
     'quote:   # optional: one sentence the client agreed to have quoted (no names)'),
    (KINDS, 'featured: false   # true to feature it on the home page'),
    (KINDS, 'author:   # optional: your key in the site\'s authors (mkdocs.yml), to sign it'),
    (KINDS, 'pseudonyms: []   # invented first names used in the text'),
    (KINDS, 'allow: []   # public names the checker may accept (an author you quote)'),
    (KINDS, 'date: {date}   # publication date (year-month-day)'),
    (KINDS, 'draft: true   # set to false when the story is finished and checked'),
]

_BODY = {
    "client-story": (
        "## Where they started\n\n"
        "Write what the client wanted to change. Use a role (\"the client\", \"her "
        "manager\") or an invented name listed in `pseudonyms:`.\n\n"
        "## What we worked on\n\n"
        "- One thing you tried together\n\n"
        "## What changed\n\n"
        "Write the outcome. Run `casebook check` on this file before you publish.\n"),
    "programme": (
        "## The brief\n\n"
        "Write what the organisation asked for, described generally (\"a large local "
        "authority\").\n\n"
        "## The programme\n\n"
        "- How it was run\n\n"
        "## Results\n\n"
        "Write the results. Run `casebook check` on this file before you publish.\n"),
    "insight": (
        "## The idea\n\n"
        "Write the article. If you quote an author, add their name to `allow:`.\n\n"
        "Run `casebook check` on this file before you publish.\n"),
}


@dataclass
class NewResult:
    path: Path
    text: str
    problems: list[str] = field(default_factory=list)   # why it was refused (empty: written)


def slugify(title: str) -> str:
    """'Learning to influence — at last!' -> 'learning-to-influence-at-last'."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug.strip("-")


def skeleton(title: str, kind: str, date: _dt.date | None = None) -> str:
    """The text of a new story: every field of its kind with a comment, then a body outline."""
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)}; got '{kind}'")
    date = date or _dt.date.today()
    until = ("you set 'draft: false'" if kind == "insight" else
             "you set 'draft: false' and record consent")
    lines = ["---", f"# {_HEAD[kind]}", f"# It stays a draft, unpublished, until {until}."]
    for kinds, block in _FIELDS:
        if kind in kinds:
            lines.append(block.format(title=json.dumps(title, ensure_ascii=False), kind=kind,
                                      date=date.isoformat()))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + _BODY[kind]


def slug_problems(slug: str, folder: Path) -> list[str]:
    out = []
    if not slug or not SLUG_RE.match(slug):
        out.append(f"'{slug}' is not a clean slug (lowercase letters, digits and hyphens); "
                   "give one with --slug")
    elif slug in RESERVED_SLUGS:
        out.append(f"the slug '{slug}' is one the site needs for its own pages; give another "
                   "with --slug")
    else:
        taken = {p.stem.lower() for p in folder.glob("*") if p.suffix.lower() == ".md"} \
            if folder.is_dir() else set()
        if slug in taken or (folder / f"{slug}.md").exists():
            out.append(f"{display(folder / (slug + '.md'))} already exists; casebook new never "
                       "overwrites a story (choose another title or --slug)")
    return out


def title_problems(title: str, folder: Path) -> list[str]:
    out = []
    norm = " ".join(title.lower().split())
    if not norm:
        return ["the title is empty"]
    if folder.is_dir():
        from ..site import expand, load_settings
        for src in expand([folder], load_settings()):
            p = src.path
            s = load(p)
            if s.title and " ".join(s.title.lower().split()) == norm:
                out.append(f"{display(p)} already has the title \"{s.title}\"; give each "
                           "story its own")
    return out


def identifying(text: str, path: str, title: str, slug: str, config=None) -> list[str]:
    """Checker findings on the title (and so the slug) of a skeleton, as messages."""
    from ..checker import CheckConfig, check_story
    config = config or CheckConfig()
    story = parse(text, path)
    findings = check_story(story, config)
    line = story.key_lines.get("title")
    out = [f"the title {f.category} \"{f.text}\": it {f.message.split(': it ', 1)[-1]}"
           for f in findings if f.line == line]
    # The slug is the file name: it is checked like the title. A slug is lower case, so its
    # words are read as a title would carry them: the first capitalised, and every word
    # that is no English word ("priya", "wierzbicka", "leeds") capitalised as a name is. A
    # name that is also a word ("hope", "will") cannot be told apart in a slug.
    from ..checker import gazetteers as gz
    words = [w for w in slug.split("-") if w]
    if words and " ".join(words) != " ".join(re.findall(r"[a-z0-9]+", title.lower())):
        shown = [w.capitalize() if i == 0 or not (gz.is_word(w) or w.isdigit()) else w
                 for i, w in enumerate(words)]
        titled = [w.capitalize() for w in words]
        seen: set[str] = set()
        for variant, strict in ((shown, False), (titled, True)):
            probe = parse(text.replace(json.dumps(title, ensure_ascii=False),
                                       json.dumps(" ".join(variant)), 1), path)
            for f in check_story(probe, config):
                # In Title Case every word is capitalised: only a finding with a word that
                # is more than an ordinary word ("Leeds", not "Hope" or "Work") counts.
                if f.line != line or f.text.lower() in seen or strict and all(
                        gz.is_common_word(t) for t in re.findall(r"[^\W\d_]+", f.text)):
                    continue
                seen.add(f.text.lower())
                out.append(f"the slug {f.category} \"{f.text}\": it "
                           f"{f.message.split(': it ', 1)[-1]}")
    from ..checker import check
    probe = parse(text, path)
    out += [f"the slug {p.message}" for p in check(probe, config).problems
            if "file name containing the name" in p.message and
            not any(p.message.split("'")[1].lower() in o.lower() for o in out)]
    return out


def create(title: str, kind: str, folder: Path, *, slug: str | None = None,
           date: _dt.date | None = None, config=None) -> NewResult:
    """Write a new skeleton; refuses (problems, nothing written) rather than overwrite."""
    title = " ".join(title.split())
    slug = slug if slug is not None else slugify(title)
    path = folder / f"{slug}.md"
    text = skeleton(title, kind, date)
    problems = slug_problems(slug, folder) + title_problems(title, folder)
    if problems:
        return NewResult(path, text, problems)
    story = parse(text, str(path))
    problems = [str(p) for p in story.problems]
    if problems:   # a title too long for the schema, for instance
        return NewResult(path, text, problems)
    problems = identifying(text, str(path), title, slug, config)
    if problems:
        return NewResult(path, text, problems)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:   # "x": never overwrite
            f.write(text)
    except FileExistsError:
        return NewResult(path, text, [f"{display(path)} already exists; casebook new never "
                                      "overwrites a story"])
    return NewResult(path, text)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "new", help="start a new story from a skeleton with every field explained",
        description="Write a story skeleton (draft, no consent yet) under a slug made from the "
        "title. Refuses, writing nothing, when the slug is taken or reserved or the title "
        "identifies someone. Exit 0 written, 1 refused, 2 usage error.")
    p.add_argument("title", help="the story's headline (no names, employers or places)")
    p.add_argument("--kind", choices=KINDS, default="client-story")
    p.add_argument("--dir", metavar="DIR", help="folder for the story (default: mkdocs.yml's "
                   "docs_dir, or stories/)")
    p.add_argument("--slug", help="file name without .md (default: made from the title)")
    p.add_argument("--config", metavar="MKDOCS_YML",
                   help="site config to read docs_dir from (default: ./mkdocs.yml)")
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    site = settings(getattr(args, "config", None))
    folder = Path(args.dir) if args.dir else site.docs_dir
    result = create(args.title, args.kind, folder, slug=args.slug, config=site.check_config())
    if result.problems:
        for p in result.problems:
            print(f"casebook new: {p}", file=sys.stderr)
        print("casebook new: nothing written", file=sys.stderr)
        return EXIT_ACTION
    state = "draft: true" if args.kind == "insight" else "draft: true, consent: none"
    print(f"wrote {display(result.path)} ({state}); fill in each field, "
          f"then run: casebook check {display(result.path)}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main_for(add_parser))
