"""The anonymisation checker: `check_story(story, config) -> [Finding]`.

The core imports without MkDocs. Detectors live in `checker/detectors/`, one per module, in
one registry (`checker/registry.py`). Results are cached by sha256 of (story text, config
fingerprint, checker version): in memory always, on disk when `CheckConfig.cache_dir` is set.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..schema import Problem
from ..story import Story
from ..story import load as load_story
from .finding import CATEGORIES, CODES, DIRECT, QUASI, Finding

__all__ = ["CheckConfig", "check_story", "check_paths", "check_text", "warm", "Finding", "CODES",
           "CATEGORIES", "DIRECT", "QUASI", "CHECKER_VERSION", "clear_cache"]

# Bump when detectors change what they find: it is part of every cache key.
CHECKER_VERSION = "1.1.0"

ADVICE = {
    "PERSON": "names a person; write a role (\"her line manager\", \"the CFO\") or an invented "
              "name declared in 'pseudonyms:'",
    "ORG": "names an organisation; describe it instead (\"a national retailer\", \"a global "
           "bank\", \"a university in the north\")",
    "EMAIL": "is an email address; remove it (contact details identify their owner)",
    "PHONE": "is a phone number; remove it",
    "URL": "is a web address that leads to the client or their employer; remove it or link "
           "to something generic",
    "HANDLE": "is a social media handle or branded hashtag; remove it",
    "ID": "is an internal reference number; remove it",
    "IMAGE": "an image's file name or alt text names someone; rename the file and describe "
             "the picture by role (\"the client at the launch\")",
    "LOCATION": "names a specific place; use a region or a kind of place (\"a Northern city\", "
                "\"head office\")",
    "DATE": "pins down when; write \"that year\", \"early in our work\" or a season without "
            "the year",
    "QUASI": "singles one person out; make it less unique (\"one of few women on the board\", "
             "\"a specialist in her field\")",
}


@dataclass(frozen=True)
class CheckConfig:
    """What the checker needs beyond the story. Part of every cache key (`fingerprint`)."""

    allow: tuple[str, ...] = ()              # project allow-list (public figures, byline)
    disabled: tuple[str, ...] = ()           # detector names to skip
    cache_dir: str | None = None             # on-disk cache (never inside docs_dir)

    def fingerprint(self) -> str:
        data = {"allow": sorted(set(self.allow)), "disabled": sorted(set(self.disabled))}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# ----------------------------------------------------------------------------- cache
_MEMORY: dict[str, tuple[list[Finding], list[Problem]]] = {}
_LOCK = threading.Lock()
_MEMORY_MAX = 20_000


def clear_cache() -> None:
    with _LOCK:
        _MEMORY.clear()


def cache_key(text: str, config: CheckConfig) -> str:
    h = hashlib.sha256()
    for part in (CHECKER_VERSION, config.fingerprint(), text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _disk_get(cache_dir: str, key: str, path: str):
    f = Path(cache_dir) / key[:2] / f"{key}.json"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        findings = [Finding(**{**d, "path": path}) for d in data["findings"]]
        problems = [Problem(path, p["line"], p["key"], p["message"]) for p in data["problems"]]
        return findings, problems
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _disk_put(cache_dir: str, key: str, findings, problems) -> None:
    try:
        d = Path(cache_dir) / key[:2]
        d.mkdir(parents=True, exist_ok=True)
        data = {"findings": [{k: v for k, v in dataclasses.asdict(f).items() if k != "path"}
                             for f in findings],
                "problems": [{"line": p.line, "key": p.key, "message": p.message}
                             for p in problems]}
        tmp = d / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, d / f"{key}.json")
    except OSError:
        pass  # a cache that cannot be written is only slower


# ----------------------------------------------------------------------------- checking
def check_story(story: Story, config: CheckConfig = CheckConfig()) -> list[Finding]:
    """Every identifying detail in a story, sorted by position, deduplicated.

    Runs on the whole text even when the front-matter is invalid. Problems the checker
    itself finds (a suppression without a reason) are appended to `story.problems`.
    """
    if not story.text:
        return []
    # Story-level allow-lists are in the text, so the text alone keys the cache.
    key = cache_key(story.text, config)
    with _LOCK:
        cached = _MEMORY.get(key)
    if cached is None and config.cache_dir:
        cached = _disk_get(config.cache_dir, key, story.path)
    if cached is None:
        cached = _check(story, config)
        if config.cache_dir:
            _disk_put(config.cache_dir, key, *cached)
    with _LOCK:
        if len(_MEMORY) >= _MEMORY_MAX:
            _MEMORY.clear()
        _MEMORY[key] = cached
    findings, problems = cached
    if findings and findings[0].path != story.path:
        findings = [dataclasses.replace(f, path=story.path) for f in findings]
    for p in [*problems, *_file_name_problems(story, findings, config)]:
        p = Problem(story.path, p.line, p.key, p.message)
        if p not in story.problems:
            story.problems.append(p)
    return list(findings)


def check_text(text: str, path: str = "story.md",
               config: CheckConfig = CheckConfig()) -> list[Finding]:
    """Convenience for tests and tools: parse and check a story given as text."""
    from ..story import parse
    return check_story(parse(text, path), config)


def _check(story: Story, config: CheckConfig) -> tuple[list[Finding], list[Problem]]:
    from . import registry
    from .document import build
    doc = build(story, tuple(config.allow))
    for det in registry.detectors():
        if det.name in config.disabled:
            continue
        for h in det.find(doc):
            if not h.detector:
                h = dataclasses.replace(h, detector=det.name)
            if h.end > h.start and not doc.is_allowed(h.start, h.end):
                doc.hits.append(h)
    hits, problems = _suppress(doc, doc.hits)
    return _to_findings(doc, _dedupe(hits)), problems


def _file_name_problems(story: Story, findings: list[Finding],
                        config: CheckConfig) -> list[Problem]:
    """A slug is the page's URL: a client's name in it is published with the page.

    Computed on every call from the (cached) findings, so the cache stays keyed by text and
    config alone and a renamed file is judged by its new name.
    """
    import re as _re

    from . import gazetteers as gz
    names = {w.lower() for f in findings if f.category in ("PERSON", "ORG", "LOCATION", "IMAGE")
             for w in _re.findall(r"[^\W\d_]+", f.text)}
    allowed = {w.lower() for a in (*config.allow, *story.allow, *story.pseudonyms)
               for w in _re.findall(r"[^\W\d_]+", a)}
    out = []
    for part in _re.findall(r"[^\W\d_]+", Path(story.path).stem):
        cap = part[:1].upper() + part[1:].lower()
        if len(part) < 3 or part.lower() in allowed:
            continue
        if part.lower() in names or (cap in gz.first_names() and not gz.is_common_word(cap)
                                     and not gz.is_word(cap)):
            out.append(Problem(story.path, 0, "", f"has a file name containing the name "
                               f"'{part}'; the file name becomes the page's URL, so rename the "
                               "file (describe the story, not the client)"))
    return out


def _suppress(doc, hits):
    problems: list[Problem] = []
    kept = list(hits)
    for sup in doc.suppressions:
        if not sup.reason:
            problems.append(Problem(doc.story.path, doc.position(sup.start)[0], "",
                                    f"suppression of \"{sup.text}\" has no reason; write "
                                    f"<!-- casebook: allow \"{sup.text}\" reason=\"why it "
                                    "identifies no one\" --> (until then it suppresses "
                                    "nothing)"))
            continue
        kept = [h for h in kept
                if not (doc.position(h.start)[0] == sup.line and sup.text and
                        sup.text in doc.text[h.start:h.end] or
                        doc.position(h.start)[0] == sup.line and
                        doc.text[h.start:h.end] in sup.text)]
    return kept, problems


def _dedupe(hits):
    """Sort by position; drop exact duplicates and spans inside a longer span."""
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    out = []
    for h in hits:
        if out and out[-1].start <= h.start and h.end <= out[-1].end:
            continue
        if any(o.start <= h.start and h.end <= o.end for o in out[-8:]):
            continue
        out.append(h)
    return out


def _to_findings(doc, hits) -> list[Finding]:
    out = []
    for h in hits:
        line, col = doc.position(h.start)
        end_line, end_col = doc.position(h.end)
        text = doc.text[h.start:h.end]
        where = "in the front-matter" if doc.in_front_matter(h.start) else ""
        message = h.message or ADVICE[h.category]
        out.append(Finding(path=doc.story.path, start=h.start, end=h.end, line=line,
                           column=col, end_line=end_line, end_column=end_col,
                           category=h.category, text=text,
                           message=f"{h.context}{' ' + where if where else ''}: it {message}"
                           if not h.message else message,
                           detector=h.detector, rule=h.rule, context=h.context))
    return out


# ----------------------------------------------------------------------------- many stories
def warm() -> None:
    """Load the gazetteers and spaCy now (before forking workers, or before timing)."""
    from . import gazetteers, nlp
    gazetteers.first_names(), gazetteers.cities(), gazetteers.english_words()
    nlp.model()


def check_paths(paths: Iterable[str | os.PathLike], config: CheckConfig = CheckConfig(),
                *, jobs: int | None = None, display: Sequence[str] | None = None,
                ) -> list[tuple[Story, list[Finding]]]:
    """Load and check many stories; in 2 processes when there are many (issue 6).

    Results come back in the order of `paths`. Unreadable files come back as stories with a
    problem and no findings. The checking is `batch.check_stories`, as in the plugin.
    """
    from .batch import check_stories
    paths = [str(p) for p in paths]
    shown = list(display) if display is not None else paths
    stories = [load_story(p, display=d) for p, d in zip(paths, shown)]
    return list(zip(stories, check_stories(stories, config, jobs=jobs)))
