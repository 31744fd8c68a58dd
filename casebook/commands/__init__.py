"""Coaches' tools: `casebook new`, `casebook audit`, `casebook fix`.

Each command is one module with `add_parser(subparsers)` (registers the subcommand and its
options, `set_defaults(func=run)`) and `run(args) -> int` (the exit code). The core of each
command is a plain function with no argparse in it, so tests and other tools can call it.

Exit codes follow `casebook check`: 0 fine, 1 something for the coach to act on, 2 usage
error or unreadable/invalid input. No command ever overwrites a file without `--write`.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, Iterable

EXIT_OK, EXIT_ACTION, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with what the coach asked for; printed as one line, exit 2."""


def settings(config: str | None = None):
    """The site's settings (mkdocs.yml found upward from here, or `config`), as every
    shell reads them. A configuration that cannot be used is a UsageError."""
    from ..site import SettingsError, load_settings
    try:
        return load_settings(config)
    except SettingsError as e:
        raise UsageError(str(e)) from None


def docs_dir(config: str | None = None) -> Path:
    """The folder stories live in: mkdocs.yml's docs_dir, else stories/."""
    return settings(config).docs_dir


def display(p: str | os.PathLike) -> str:
    from ..site import display_path
    return display_path(p)


def main_for(add_parser: Callable, argv: Iterable[str] | None = None, prog: str = "casebook"
             ) -> int:
    """Run one command on its own (`python -m casebook.commands.fix FILE`), as the CLI would."""
    ap = argparse.ArgumentParser(prog=prog)
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    add_parser(sub)
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    if not getattr(args, "func", None):
        ap.print_help(sys.stderr)
        return EXIT_USAGE
    return args.func(args)


def guarded(run: Callable) -> Callable:
    """Turn a UsageError into one line on stderr and exit 2 (never a traceback)."""
    def wrapper(args) -> int:
        try:
            return run(args)
        except UsageError as e:
            print(f"casebook: {e}", file=sys.stderr)
            return EXIT_USAGE
    wrapper.__name__ = run.__name__
    wrapper.__doc__ = run.__doc__
    return wrapper
