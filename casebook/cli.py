"""The `casebook` command line: `check` here; `new`, `fix` and `audit` from casebook/commands/.

Exit codes: 0 clean, 1 findings, 2 usage error or unreadable/invalid input. Never a
traceback, and never a write to the coach's files.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


def _settings(args):
    from .site import SettingsError, load_settings
    try:
        settings = load_settings(args.config)
        return settings.with_cache_dir(args.cache_dir) if args.cache_dir else settings
    except SettingsError as e:
        raise _UsageError(str(e)) from None


def cmd_check(args) -> int:
    from . import site
    from .checker import ResultCache, registry
    from .checker.formats import FORMATS
    settings = _settings(args)
    if args.site and args.paths:
        raise _UsageError("--site reports on the whole site: give no paths")
    if args.vocab and (args.paths or args.site):
        raise _UsageError("--vocab reports on the whole site: give no paths and no --site")
    unknown = sorted(set(args.disable or ()) - set(registry.names()))
    if unknown:
        raise _UsageError(f"--disable {unknown[0]}: no such detector (detectors: "
                          f"{', '.join(registry.names())})")
    if not args.paths and not settings.docs_dir.is_dir():
        raise _UsageError(f"{site.display_path(settings.docs_dir)}: docs_dir not found (give "
                          "story paths, or --config)")
    # The disk cache only when asked for: `--cache-dir`, or the site's own in `--site`.
    cache = ResultCache(settings.cache_dir) if args.cache_dir or args.site else None
    try:
        result = site.review(settings, args.paths or None, cache=cache, jobs=args.jobs,
                             allow=tuple(args.allow or ()), disabled=tuple(args.disable or ()))
    except FileNotFoundError as e:
        raise _UsageError(str(e)) from None
    if not result.verdicts:
        raise _UsageError("no stories to check")
    if args.vocab:
        print(vocab_report(result.verdicts, settings.options.vocabulary_themes))
        return EXIT_CLEAN
    _print_warnings(result.verdicts)
    if args.site:
        return _check_site(result, args)
    verdicts = result.verdicts
    output = FORMATS[args.format](verdicts, explain=args.explain)
    if output:
        print(output)
    problems = [p for v in verdicts for p in v.problems]
    for p in problems:        # stderr in every format: stdout stays valid JSON/SARIF
        print(str(p), file=sys.stderr)
    # Not a problem, but not published either: say so, as the build will.
    for v in verdicts:
        if not v.publish and not v.findings and not v.problems:
            for reason in v.reasons:
                print(f"{reason} (not published)", file=sys.stderr)
    if problems:
        return EXIT_USAGE
    blocking = [v for v in verdicts if not v.publish and not v.draft_only]
    return EXIT_FINDINGS if blocking else EXIT_CLEAN


def _print_warnings(verdicts) -> None:
    """Guidance (a theme spelled like another, a role no level fits): stderr, exit unchanged."""
    for v in verdicts:
        for w in v.warnings:
            print(f"warning: {w}", file=sys.stderr)


def vocab_report(verdicts, listed=()) -> str:
    """The site's facets with their counts, and the themes that look like one another.

    Counted over the stories that validate (what the explorer can show); a value the
    tables cannot place is counted as "(not placed)". Two themes both listed in the site's
    `vocabulary_themes` are distinct on purpose, never a pair to merge."""
    from collections import Counter

    from . import facets
    stories = [v.story for v in verdicts if not v.is_page and not v.problems]
    unplaced = "(not placed)"
    levels = Counter(facets.role_level(s.role) or unplaced for s in stories if s.role)
    sectors = Counter(facets.sector_facet(s.sector) or unplaced for s in stories if s.sector)
    all_themes = [t for s in stories for t in s.themes]
    shown = facets.canonical_themes(all_themes)
    themes = Counter()
    for s in stories:
        for key in dict.fromkeys(facets.theme_key(t) for t in s.themes):
            if key:
                themes[shown[key]] += 1
    order = {**{lv: i for i, lv in enumerate(facets.role_levels())}, unplaced: 1_000}

    def block(title, counts, key=None):
        rows = sorted(counts.items(), key=key or (lambda kv: (-kv[1], kv[0].casefold())))
        width = max((len(name) for name, _ in rows), default=0)
        lines = [f"{title} ({sum(counts.values())} stories):" if title != "Themes" else
                 f"{title} ({len(counts)}):"]
        lines += [f"  {name:<{width}}  {n}" for name, n in rows] or ["  (none)"]
        return lines

    out = block("Role levels", levels, key=lambda kv: (order.get(kv[0], 999), kv[0]))
    out += [""] + block("Sectors", sectors) + [""] + block("Themes", themes)
    sanctioned = {facets.theme_key(t) for t in listed}
    pairs = [(a, b) for a, b in facets.near_duplicates(all_themes)
             if not {a, b} <= sanctioned]
    out += ["", f"Near-duplicate themes to merge ({len(pairs)}):"]
    out += [f"  '{shown[a]}' ({themes[shown[a]]}) ~ '{shown[b]}' ({themes[shown[b]]})"
            for a, b in pairs] or ["  (none)"]
    return "\n".join(out)


def _check_site(result, args) -> int:
    """What `mkdocs build` would publish and withhold, and why, without building."""
    from .site import SettingsError, check_disclosure, report_lines
    try:
        check_disclosure(result.settings)
    except SettingsError as e:      # the build would stop here: nothing is published
        for error in e.errors:
            print(f"casebook: {error}", file=sys.stderr)
        return EXIT_FINDINGS
    verdicts = result.verdicts
    withheld = result.withheld
    if args.format == "json":
        print(json.dumps({
            "published": [v.path for v in verdicts if v.publish and not v.is_page],
            "withheld": [{"path": v.path, "status": v.status, "reasons": v.reasons,
                          "findings": [f.to_dict() for f in v.findings]} for v in withheld],
        }, indent=2, default=str))
    elif args.format == "sarif":
        raise _UsageError("--site reports in text or json")
    else:
        for v in withheld:
            print("\n".join(report_lines(v)))
        print(result.summary())
    return EXIT_FINDINGS if withheld else EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="casebook", description="Client stories for executive "
                                 "coaches, published without identifying anyone.")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("check", help="find anything in stories that could identify a client",
                       description="Find names, employers, places, dates, contact details and "
                       "unique descriptions that could identify a client. Exit 0 clean, "
                       "1 findings, 2 usage error or unreadable/invalid input.")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help="story files or folders (default: the stories in mkdocs.yml's "
                   "docs_dir)")
    c.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    c.add_argument("--config", metavar="MKDOCS_YML",
                   help="site config to read docs_dir and the casebook options from "
                   "(default: the nearest mkdocs.yml in this folder or above)")
    c.add_argument("--site", action="store_true",
                   help="report what `mkdocs build` would publish and withhold (consent, "
                        "drafts, validation, vocabularies, findings), without building; "
                        "exit 1 when any story would be withheld")
    c.add_argument("--vocab", action="store_true",
                   help="print the site's facets (role levels, sectors, themes) with counts, "
                        "and the near-duplicate themes to merge; exit 0")
    c.add_argument("--explain", action="store_true",
                   help="show the detector, rule and evidence behind each finding")
    c.add_argument("--allow", action="append", metavar="TEXT",
                   help="also accept this text (repeatable)")
    c.add_argument("--disable", action="append", metavar="DETECTOR",
                   help="skip a detector by name (repeatable)")
    c.add_argument("--cache-dir", metavar="DIR",
                   help="cache results on disk here (never inside docs_dir)")
    c.add_argument("--jobs", type=int, default=None,
                   help="processes to use (default: 2 when there are many stories)")
    c.set_defaults(func=cmd_check)
    # The coaches' tools, one module each in casebook/commands/ (`add_parser(subparsers)`).
    # A command that fails to import never takes `check` down with it.
    import importlib
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"casebook.commands.{name}")
            module.add_parser(sub)
        except Exception as e:  # pragma: no cover - a broken optional command
            print(f"casebook: the '{name}' command is unavailable ({type(e).__name__}: {e})",
                  file=sys.stderr)
    return ap


COMMANDS = ("new", "fix", "audit")


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:          # argparse prints its own usage message
        return EXIT_USAGE if e.code else EXIT_CLEAN
    if not getattr(args, "func", None):
        ap.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except _UsageError as e:
        print(f"casebook: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("casebook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as e:  # never a traceback for a coach
        print(f"casebook: internal error: {type(e).__name__}: {e} (please report it; set "
              "CASEBOOK_DEBUG=1 for details)", file=sys.stderr)
        if os.environ.get("CASEBOOK_DEBUG"):
            raise
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
