"""The publishing gate: which stories may be published, and why the others may not.

Core logic, no MkDocs: the plugin and `casebook check --site` both ask it. A story is
published only when it validates, has an accepted consent, is not a draft and has no checker
findings. Everything else is withheld, with every reason listed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .schema import Problem
from .story import Story, load
from .vocab import Vocabulary

# URLs the plugin generates: a story with one of these slugs would collide with a listing.
RESERVED_SLUGS = frozenset({"index", "client-stories", "programmes", "insights", "themes",
                            "search", "assets", "stylesheets", "javascripts", "explorer",
                            "feed", "404", "sitemap"})


@dataclass
class Verdict:
    story: Story
    findings: list = field(default_factory=list)   # checker Findings
    reasons: list[str] = field(default_factory=list)

    @property
    def publish(self) -> bool:
        return not self.reasons

    @property
    def status(self) -> str:
        """A short label for banners and reports."""
        if self.story.problems:
            return "invalid"
        if self.findings:
            return "identifying details"
        if self.story.draft:
            return "draft"
        return "no consent" if self.reasons else "published"


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


def review(stories: Iterable[Story], check: Callable[[Story], list],
           accepted_consent: Sequence[str] = ("written", "verbal"),
           vocabulary: Vocabulary | None = None) -> list[Verdict]:
    """Judge every story. `check` is the checker seam: story -> findings."""
    stories = list(stories)
    extra = corpus_problems(stories)
    verdicts = []
    for s in stories:
        s.problems.extend(p for p in extra.get(s.path, []) if p not in s.problems)
        if vocabulary and s.valid:
            s.problems.extend(vocabulary.problems(s))
        # The checker runs even on invalid stories: a leak is reported whatever else is wrong.
        findings = list(check(s)) if s.text else []
        reasons = s.withheld_reasons(tuple(accepted_consent))
        if findings:
            cats = sorted({f.category for f in findings})
            reasons.append(f"{s.path}: {len(findings)} identifying detail(s) "
                           f"({', '.join(cats)}); run 'casebook check {s.path}'")
        verdicts.append(Verdict(s, findings, reasons))
    return verdicts


def review_files(paths: Sequence[str], display: Sequence[str], check_config,
                 accepted_consent: Sequence[str] = ("written", "verbal"),
                 vocabulary: Vocabulary | None = None, *, jobs: int | None = None,
                 ) -> list[Verdict]:
    """Load, check (cache hits here, misses on both cores) and judge story files: what
    `mkdocs build` does before it builds, and what `casebook check --site` reports."""
    from .checker.batch import check_stories

    stories = [load(p, display=d) for p, d in zip(paths, display)]
    found = check_stories(stories, check_config, jobs=jobs)
    by_story = {id(s): f for s, f in zip(stories, found)}
    return review(stories, lambda s: by_story[id(s)], accepted_consent, vocabulary)


def review_pages(paths: Sequence[str], display: Sequence[str], check_config) -> list[Verdict]:
    """Pages that are not stories (the home page): no fields to validate, but public all
    the same, so the checker reads them and one with findings is withheld."""
    from .checker.batch import check_stories

    pages = [load(p, display=d) for p, d in zip(paths, display)]
    verdicts = []
    for page, findings in zip(pages, check_stories(pages, check_config, jobs=1)):
        reasons = [f"{page.path}: {len(findings)} identifying detail(s) on a page that is "
                   "not a story"] if findings else []
        verdicts.append(Verdict(page, findings, reasons))
    return verdicts


def report_lines(verdict: Verdict, limit: int = 20) -> list[str]:
    """How the build report and `casebook check --site` describe one withheld story."""
    lines = [f"casebook: withheld {verdict.story.path} ({verdict.status}):"]
    lines += [f"  {r}" for r in verdict.reasons]
    lines += [f"  {f}" for f in verdict.findings[:limit]]
    if len(verdict.findings) > limit:
        lines.append(f"  ... and {len(verdict.findings) - limit} more")
    return lines


def summary(verdicts: Sequence[Verdict]) -> str:
    withheld = sum(not v.publish for v in verdicts)
    return f"casebook: published {len(verdicts) - withheld}, withheld {withheld}"
