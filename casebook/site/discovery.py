"""Which files are the site's stories and pages: one discovery for every shell.

MkDocs builds every Markdown file in docs_dir that its default `exclude_docs` keeps (no
dot-files or dot-folders, nothing under `/templates/`) and whose suffix is one of its
Markdown suffixes (`.md`, `.markdown`...; case-sensitive, so `.MD` is a copied file). casebook sees exactly those: the plugin classifies the files
MkDocs hands it with `classify`, and the CLI walks docs_dir with `discover`, which applies
the same rules. Every Markdown file is a story unless the plugin's `pages:` lists it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Literal

from .settings import Settings

# python-markdown's and MkDocs' Markdown suffixes (mkdocs.utils.markdown_extensions).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

Role = Literal["story", "page"]


def is_markdown(name: str) -> bool:
    """As MkDocs decides it (case-sensitive: a story saved as `.MD` is a static file to
    MkDocs, so it is judged as a copied file, never built as a page)."""
    return name.endswith(MARKDOWN_SUFFIXES)


def excluded(rel: str) -> bool:
    """What MkDocs' default `exclude_docs` leaves out: dot-files, dot-folders, /templates/."""
    parts = PurePosixPath(rel).parts
    return any(p.startswith(".") for p in parts) or (parts[:1] == ("templates",))


def classify(rel: str, settings: Settings) -> Role:
    """A docs_dir-relative Markdown path: a page (listed in `pages:`) or a story."""
    return "page" if rel.strip("/") in settings.pages else "story"


@dataclass(frozen=True)
class Source:
    """A Markdown file the pipeline reviews."""

    path: Path              # absolute
    rel: str | None         # relative to docs_dir (posix); None outside docs_dir
    role: Role
    display: str            # as the coach sees it: relative to the working folder if possible


def display_path(path: str | os.PathLike) -> str:
    """The path a coach recognises: relative to the working folder when it is below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:          # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def source(path: str | os.PathLike, settings: Settings) -> Source:
    p = Path(path).absolute()
    try:
        rel = p.resolve().relative_to(settings.docs_dir).as_posix()
    except ValueError:
        rel = None
    role: Role = classify(rel, settings) if rel is not None else "story"
    return Source(p, rel, role, display_path(p))


def discover(settings: Settings) -> list[Source]:
    """Every story and page in docs_dir that MkDocs would build, sorted by path."""
    return [Source(Path(path), rel, classify(rel, settings), display_path(path))
            for path, rel in walk(settings)]


def walk(settings: Settings) -> list[tuple[str, str]]:
    """(absolute path, docs_dir-relative posix path) of what `discover` finds, sorted by the
    relative path: without building a Source (a `mkdocs serve` rebuild asks for the files
    the plugin was not given, usually none, among a thousand)."""
    docs = str(settings.docs_dir)
    if not os.path.isdir(docs):
        return []
    out = []
    for folder, dirs, files in os.walk(docs):
        dirs.sort()
        base = os.path.relpath(folder, docs)
        for name in sorted(files):
            if not is_markdown(name):
                continue
            rel = name if base == "." else f"{base}/{name}".replace(os.sep, "/")
            path = os.path.join(folder, name)
            if not excluded(rel) and os.path.isfile(path):
                out.append((path, rel))
    return sorted(out, key=lambda pr: pr[1])


def expand(paths: Iterable[str | os.PathLike], settings: Settings) -> list[Source]:
    """Files and folders named on a command line, as sources. A folder gives the Markdown
    files below it that MkDocs would build; a path that does not exist is an error."""
    out: list[Source] = []
    for p in paths:
        pp = Path(p)
        if pp.is_dir():
            for folder, dirs, files in os.walk(pp):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if is_markdown(name) and not name.startswith("."):
                        out.append(source(Path(folder) / name, settings))
        elif pp.exists():
            out.append(source(pp, settings))
        else:
            raise FileNotFoundError(f"{p}: no such file or directory")
    return out
