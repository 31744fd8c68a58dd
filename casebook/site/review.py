"""The pipeline every shell asks: `review(settings, paths) -> Review`.

load → validate (fields, vocabularies, corpus problems) → check (one result cache) → judge.

`casebook check`, `check --site`, `audit`, `fix`, `new`, the pre-commit hook and the MkDocs
plugin all call it, so a story's verdict never depends on who asks. A story is published only
when it validates, has an accepted consent, is not a draft and has no checker findings; a page
that is not a story (the home page) only when the checker finds nothing in it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..checker import UNUSED_SUPPRESSION, Finding, ResultCache, check
from ..checker.batch import check_many
from ..schema import Problem, did_you_mean
from ..story import Story, load, parse
from . import content
from .discovery import Source, classify, discover, display_path, expand, walk
from .settings import Settings, SettingsError

# URLs the plugin generates: a story with one of these slugs would collide with a listing.
RESERVED_SLUGS = frozenset({"index", "client-stories", "programmes", "insights", "themes",
                            "search", "assets", "stylesheets", "javascripts", "explorer",
                            "feed", "404", "sitemap", "authors", "not-published"})


@dataclass
class Verdict:
    """What the pipeline decided about one file, and every reason."""

    source: Source
    story: Story
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # validation, corpus, checker
    reasons: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)   # guidance; never withholds

    @property
    def path(self) -> str:
        return self.source.display

    @property
    def is_page(self) -> bool:
        return self.source.role == "page"

    @property
    def publish(self) -> bool:
        return not self.reasons

    @property
    def status(self) -> str:
        """A short label for banners and reports."""
        if self.problems:
            return "invalid"
        if self.findings:
            return "identifying details"
        if not self.is_page and self.story.draft:
            return "draft"
        return "no consent" if self.reasons else "published"

    @property
    def draft_only(self) -> bool:
        """Withheld only because it is a draft: work in progress, not a failure."""
        return self.status == "draft"


@dataclass
class Review:
    settings: Settings
    verdicts: list[Verdict]

    @property
    def stories(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.is_page]

    @property
    def published(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.publish]

    @property
    def withheld(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.publish]

    def summary(self) -> str:
        return summary(self.verdicts)


# ---------------------------------------------------------------------------- the pipeline
def review(settings: Settings, paths: Iterable | None = None, *,
           cache: ResultCache | None = None, jobs: int | None = None,
           allow: Sequence[str] = (), disabled: Sequence[str] = (),
           sources: Sequence[Source] | None = None,
           texts: Mapping[Path, bytes] | None = None) -> Review:
    """Judge the site's stories and pages (`paths` None), or the files `paths` names.

    Corpus problems (two stories with one title, a reserved slug) are found against the
    whole site either way: a story checked alone gets the verdict the build would give it.
    `sources` lets the plugin pass the files MkDocs found instead of walking docs_dir;
    `texts` gives the content of some of them (a story read from stdin), by absolute path.
    """
    if sources is None:
        sources = discover(settings) if paths is None else expand(paths, settings)
    sources = list(sources)
    texts = dict(texts or {})
    loaded = [parse(texts[s.path], s.display) if s.path in texts else _load(s)
              for s in sources]
    warnings = _validate(settings, sources, loaded)
    config = settings.check_config(allow=tuple(allow), disabled=tuple(disabled))
    results = check_many(loaded, config, cache, jobs=jobs)
    verdicts = []
    for src, story, result in zip(sources, loaded, results):
        # An unused suppression is guidance, not a reason to withhold.
        unused = [p for p in result.problems if p.key == UNUSED_SUPPRESSION]
        problems = [p for p in result.problems if p.key != UNUSED_SUPPRESSION]
        verdict = _judge(settings, src, story, result.findings, problems)
        verdict.warnings = warnings.get(story.path, []) + unused
        verdicts.append(verdict)
    return Review(settings, verdicts)


# (shown path, sha256 of the file's bytes) -> the story parsed from them. A long-lived process
# (`mkdocs serve`) parses only the files that changed since the last rebuild; keyed by the
# bytes themselves, never by a modification time that a quick second save may not change.
_PARSED: dict[tuple[str, bytes], Story] = {}
_PARSED_MAX = 20_000


def _load(src: Source) -> Story:
    try:
        data = src.path.read_bytes()
    except OSError:
        return load(src.path, display=src.display)   # the problem, worded by load
    key = (src.display, hashlib.sha256(data).digest())
    story = _PARSED.get(key)
    if story is None:
        story = parse(data, src.display)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = story
    # A copy with its own problem list: validation adds to it, per review.
    return dataclasses.replace(story, problems=list(story.problems))


def _validate(settings: Settings, sources: Sequence[Source],
              stories: Sequence[Story]) -> dict[str, list[Problem]]:
    """Add vocabulary and corpus problems to each story (pages have no fields); return the
    vocabulary warnings of each valid story, by path."""
    mine = [s for src, s in zip(sources, stories) if src.role == "story"]
    # The rest of the site, read for its titles and slugs only.
    others = [_load(o) for o in _others(settings, sources)]
    extra = corpus_problems(mine + others)
    vocabulary = settings.vocabulary
    warnings: dict[str, list[Problem]] = {}
    # Every theme on the site, in one tuple: the vocabulary works out near-duplicates once.
    site_themes = tuple(t for o in mine + others for t in o.themes)
    index = vocabulary.theme_index(site_themes)
    authors = settings.authors
    # What a story's own checks depend on besides its text: the options (vocabularies,
    # authors) and every theme on the site (by digest: a key that held the themes
    # themselves was hashed whole for every story).
    context = (repr(settings.options), hashlib.sha256(
        "\0".join(site_themes).encode("utf-8", "surrogatepass")).hexdigest())
    for s in mine:
        s.problems.extend(p for p in extra.get(s.path, []) if p not in s.problems)
        key = (context, s.path, s.text) if not extra.get(s.path) else None
        known = _VALIDATED.get(key) if key else None
        if known is None:
            before = len(s.problems)
            valid = _story_checks(s, vocabulary, authors)
            known = (s.problems[before:],
                     vocabulary.warnings(s, index=index) if valid else None)
            if key:
                if len(_VALIDATED) >= _PARSED_MAX:
                    _VALIDATED.clear()
                _VALIDATED[key] = known
        else:
            s.problems.extend(known[0])
        if known[1] is not None:
            warnings[s.path] = list(known[1])
    return warnings


# (context, shown path, text) -> (the problems a story's own checks add, its warnings or
# None): `mkdocs serve` checks again only the stories whose text changed since the last
# rebuild (or every story, when the options or the site's themes did).
_VALIDATED: dict[tuple, tuple[list[Problem], list[Problem] | None]] = {}


def _story_checks(s: Story, vocabulary, authors: Mapping[str, object]) -> bool:
    """Add a story's own problems (author, active content, vocabularies); return whether it
    was valid before the vocabularies judged it."""
    if s.author and s.author not in authors:
        s.problems.append(_author_problem(s, authors))
    s.problems.extend(content.active_content(s))
    # Every problem in one pass: the vocabularies judge the fields that did parse.
    valid = s.valid
    s.problems.extend(p for p in vocabulary.problems(s) if p not in s.problems)
    return valid


def _others(settings: Settings, sources: Sequence[Source]) -> list[Source]:
    """The site's stories that `sources` does not name. Paths are compared as written
    first (no file-system call: the plugin passes every file of the site), then resolved
    (a symlink, a `..`)."""
    written = {os.path.abspath(src.path) for src in sources}
    resolved: set[Path] | None = None
    out = []
    for path, rel in walk(settings):
        if os.path.abspath(path) in written or classify(rel, settings) != "story":
            continue
        if resolved is None:
            resolved = {src.path.resolve() for src in sources}
        if Path(path).resolve() not in resolved:
            out.append(Source(Path(path), rel, "story", display_path(path)))
    return out


def _author_problem(story: Story, authors: Mapping[str, object]) -> Problem:
    """A story signed by an author the site does not declare."""
    if authors:
        known = ", ".join(authors)
        hint = did_you_mean(story.author, authors)
        message = (f"is '{story.author}', which is not one of the site's authors ({known})"
                   f"{hint}; use one of them, or add it to the plugin's 'authors' option")
    else:
        message = (f"is '{story.author}', but the site declares no authors; add it to the "
                   "plugin's 'authors' option in mkdocs.yml (name and bio) or remove the field")
    return Problem(story.path, story.key_lines.get("author", 0), "author", message)


def _judge(settings: Settings, src: Source, story: Story, findings: list[Finding],
           checker_problems: list[Problem]) -> Verdict:
    if src.role == "page":
        # No fields to validate, but public all the same.
        problems = list(checker_problems) + content.active_content(story)
        reasons = [f"{src.display}: {len(findings)} identifying detail(s) on a page that is "
                   "not a story"] if findings else []
        reasons += [str(p) for p in problems]
        # A page that says it is a draft or has no consent is not published either.
        if story.meta.get("draft") is True:
            reasons.append(f"{src.display}: marked draft: true")
        consent = story.meta.get("consent")
        if "consent" in story.meta and consent not in settings.consent:
            reasons.append(f"{src.display}: consent is '{consent}'; publishing needs one of "
                           f"{', '.join(settings.consent)}")
        return Verdict(src, story, findings, problems, reasons)
    checker_problems = checker_problems + content.folder_problems(
        story, src.rel, findings, settings.check_config())
    problems = list(story.problems) + [p for p in checker_problems if p not in story.problems]
    problems.sort(key=lambda p: (p.line, p.key))
    reasons = [str(p) for p in problems]
    if story.draft:
        reasons.append(f"{src.display}: marked draft: true")
    if not problems and story.kind != "insight" and story.consent not in settings.consent:
        reasons.append(f"{src.display}: consent is '{story.consent}'; publishing needs one of "
                       f"{', '.join(settings.consent)}")
    if findings:
        cats = sorted({f.category for f in findings})
        reasons.append(f"{src.display}: {len(findings)} identifying detail(s) "
                       f"({', '.join(cats)}); run 'casebook check {src.display}'")
    return Verdict(src, story, findings, problems, reasons)


def corpus_problems(stories: Sequence[Story]) -> dict[str, list[Problem]]:
    """Problems that only show across stories: duplicate slugs or titles, reserved slugs."""
    out: dict[str, list[Problem]] = defaultdict(list)
    by_slug: dict[str, list[Story]] = defaultdict(list)
    by_title: dict[str, list[Story]] = defaultdict(list)
    for s in stories:
        by_slug[s.slug.lower()].append(s)
        if s.title:
            by_title[" ".join(s.title.lower().split())].append(s)
        if s.slug.lower() in RESERVED_SLUGS:
            out[s.path].append(Problem(s.path, 0, "", f"uses the slug '{s.slug}', which the "
                                       "site needs for its own pages; rename the file"))
    for group, what in ((by_slug, "slug"), (by_title, "title")):
        for same in group.values():
            if len(same) < 2:
                continue
            for s in same:
                others = ", ".join(o.path for o in same if o is not s)
                line = s.key_lines.get("title", 0) if what == "title" else 0
                key = "title" if what == "title" else ""
                msg = (f"is shared with {others}; give each story its own"
                       if what == "title" else
                       f"has the same slug as {others}; rename one of the files")
                out[s.path].append(Problem(s.path, line, key, msg))
    return out


def check_setting_text(text: str, where: str, settings: Settings,
                       cache: ResultCache | None = None) -> list[Finding]:
    """Findings in a text the site prints on pages (the disclosure): checked like a story."""
    config = settings.check_config()
    return check(parse(text, where), config, cache).findings


def check_disclosure(settings: Settings, cache: ResultCache | None = None) -> None:
    """What the configuration prints on pages (the disclosure on every story page; the
    site's description, author, copyright and `extra` values in the theme) must pass the
    checker too. Raises SettingsError naming each key."""
    texts = [("disclosure", settings.options.disclosure), ("cta_text", settings.options.cta_text),
             *settings.site_texts,
             # Each author's bio is printed on their stories and their page.
             *((f"authors.{a.key}.bio", a.bio) for a in settings.options.authors)]
    texts = [(k, t) for k, t in texts if t.strip()]
    errors = []
    for key, text in texts:
        # extra.* holds links and icons as well as prose: only what reads as words counts
        if key.startswith("extra") and not any(c.isspace() for c in text.strip()) \
                and ("/" in text or ":" in text):
            continue
        found = check_setting_text(text, "mkdocs.yml", settings, cache)
        if found:
            where = f"plugins.casebook.{key}" if key.startswith("authors.") else key
            errors.append(f"'{where}' in mkdocs.yml could identify someone: "
                          + "; ".join(f'{f.category} "{f.text}"' for f in found)
                          + " (reword it, or add the text to the plugin's 'allow')")
    if errors:
        raise SettingsError(errors)


def open_cache(settings: Settings) -> ResultCache:
    """The result cache the settings ask for (the folder was checked when they were built)."""
    return ResultCache(settings.cache_dir)


# ---------------------------------------------------------------------------- reporting
def report_lines(verdict: Verdict, limit: int = 20) -> list[str]:
    """How the build report and `casebook check --site` describe one withheld story."""
    lines = [f"casebook: withheld {verdict.path} ({verdict.status}):"]
    lines += [f"  {r}" for r in verdict.reasons]
    lines += [f"  {f}" for f in verdict.findings[:limit]]
    if len(verdict.findings) > limit:
        lines.append(f"  ... and {len(verdict.findings) - limit} more")
    return lines


def summary(verdicts: Sequence[Verdict]) -> str:
    """'casebook: published N, withheld M': published stories; withheld stories and pages."""
    published = sum(v.publish and not v.is_page for v in verdicts)
    withheld = sum(not v.publish for v in verdicts)
    return f"casebook: published {published}, withheld {withheld}"


__all__ = ["RESERVED_SLUGS", "Review", "Verdict", "review", "corpus_problems", "report_lines",
           "summary", "check_disclosure", "check_setting_text", "open_cache"]
