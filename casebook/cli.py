"""The `casebook` command line: `check` here; `new`, `fix` and `audit` from casebook/commands/.

Exit codes: 0 clean, 1 findings, 2 usage error or unreadable/invalid input. Never a
traceback, and never a write to the coach's files.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

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
    settings = _settings(args)
    stdin = args.paths == ["-"]
    if "-" in args.paths and not stdin:
        raise _UsageError("'-' (read the story from stdin) must be the only path")
    if args.stdin_filename and not stdin:
        raise _UsageError("--stdin-filename names the story read from stdin: give '-' as "
                          "the path")
    if args.site and args.paths:
        raise _UsageError("--site reports on the whole site: give no paths")
    if args.vocab and (args.paths or args.site):
        raise _UsageError("--vocab reports on the whole site: give no paths and no --site")
    from .checker import rules
    unknown = sorted(d for d in args.disable or () if d not in registry.names()
                     and d.upper() not in rules.by_code())
    if unknown:
        raise _UsageError(f"--disable {unknown[0]}: no such detector nor rule code (detectors: "
                          f"{', '.join(registry.names())}; rule codes CB4101…CB6301, see "
                          "--explain)")
    for flag, values in (("--select", args.select), ("--ignore", args.ignore)):
        for value in values or ():
            if not _selector_known(value, registry.names()):
                raise _UsageError(f"{flag} {value}: not a code (categories CB101…CB203, "
                                  "warnings CB901, CB902, rules CB4101…CB6301, or a prefix "
                                  "such as CB1 or CB50) nor a detector (detectors: "
                                  f"{', '.join(registry.names())})")
    if args.baseline and args.write_baseline:
        raise _UsageError("give --baseline or --write-baseline, not both")
    if (args.baseline or args.write_baseline) and (args.site or args.vocab):
        raise _UsageError("--baseline and --write-baseline work on findings: not with "
                          "--site or --vocab")
    if not args.paths and not settings.docs_dir.is_dir():
        raise _UsageError(f"{site.display_path(settings.docs_dir)}: docs_dir not found (give "
                          "story paths, or --config)")
    baseline = _read_baseline(args.baseline) if args.baseline else None
    # The disk cache only when asked for: `--cache-dir`, or the site's own in `--site`.
    cache = ResultCache(settings.cache_dir) if args.cache_dir or args.site else None
    options = dict(cache=cache, jobs=args.jobs, allow=tuple(args.allow or ()),
                   disabled=tuple(args.disable or ()))
    try:
        if stdin:
            result = _review_stdin(settings, args.stdin_filename or "stdin.md", options)
        else:
            result = site.review(settings, args.paths or None, **options)
    except FileNotFoundError as e:
        raise _UsageError(str(e)) from None
    if not result.verdicts:
        raise _UsageError("no stories to check")
    if args.vocab:
        print(vocab_report(result.verdicts, settings.options.vocabulary_themes))
        return EXIT_CLEAN
    if args.site:
        _print_warnings(result.verdicts)
        return _check_site(result, args)
    return _report(result, settings, args, baseline)


def _selector_known(value: str, detectors) -> bool:
    from .checker.finding import CODES, WARNING_CODES
    from .checker.rules import by_code
    codes = (*CODES.values(), *WARNING_CODES.values(), *by_code())
    return value in detectors or value.upper() in CODES or (
        len(value) >= 2 and any(c.startswith(value.upper()) for c in codes))


def _selected(code: str, detector: str, category: str, args, rule_code: str = "") -> bool:
    """ruff's rule selection: --select (default: everything), then --ignore. A value is a
    category code (CB101), a rule code (CB5007), a prefix of either (CB1, CB50), a detector
    or a category."""
    def hit(values):
        return any(code.startswith(v.upper()) or v == detector or v.upper() == category or
                   bool(rule_code) and rule_code.startswith(v.upper()) for v in values)
    if args.select and not hit(args.select):
        return False
    return not (args.ignore and hit(args.ignore))


def _review_stdin(settings, filename: str, options):
    """Review the story on stdin as if it were the file `filename` (its slug, its role, its
    place among the site's other stories); the file on disk, if any, is not read."""
    from .site import review
    from .site.discovery import source
    src = source(filename, settings)
    return review(settings, None, sources=[src], texts={src.path: sys.stdin.buffer.read()},
                  **options)


def _report(result, settings, args, baseline) -> int:
    """Findings in the chosen format; problems and warnings on stderr; the exit code."""
    import dataclasses

    import re

    from .checker import UNUSED_SUPPRESSION
    from .checker.finding import WARNING_CODES
    from .checker.formats import FORMATS, Context, Warn, fingerprints, statistics
    verdicts, warnings = [], []
    for v in result.verdicts:
        kept = [f for f in v.findings
                if _selected(f.code, f.detector, f.category, args, f.rule_code)]
        if kept != v.findings:
            v = dataclasses.replace(v, findings=kept)
        verdicts.append(v)
        for w in v.warnings:
            kind = "UNUSED-SUPPRESSION" if w.key == UNUSED_SUPPRESSION else "VOCABULARY"
            if _selected(WARNING_CODES[kind], "", kind, args):
                quoted = re.match(r'"([^"]*)"', w.message) if kind != "VOCABULARY" else None
                warnings.append(Warn(WARNING_CODES[kind], w, quoted.group(1) if quoted else ""))
    ctx = Context(root=settings.root, warnings=warnings, explain=args.explain,
                  color=_color(args), redact=args.sarif_redact,
                  information_uri=args.project_url, help_base=args.help_uri)
    entries = {}
    for v in verdicts:
        rel = ctx.rel(v, v.path)
        entries[v.path] = [(rel, f.code, f.text, fp)
                           for f, fp in zip(v.findings, fingerprints(v.findings, rel))]
    if baseline is not None:
        left = list(baseline)
        accepted = set()
        for v in verdicts:
            for f, key in zip(v.findings, entries[v.path]):
                if key in left:
                    left.remove(key)
                    accepted.add(f)
        ctx.accepted, ctx.baseline = frozenset(accepted), True
    for w in warnings:        # stderr in every format: stdout stays valid JSON/SARIF
        print(str(w), file=sys.stderr)
    if args.write_baseline:
        return _write_baseline(args.write_baseline, settings, verdicts, entries)
    if args.statistics:
        output = statistics(verdicts, ctx, as_json=args.format == "json")
    else:
        output = FORMATS[args.format](verdicts, explain=args.explain, ctx=ctx)
    if output:
        print(output)
    problems = [p for v in verdicts for p in v.problems]
    for p in problems:
        print(str(p), file=sys.stderr)
    # Not a problem, but not published either: say so, as the build will.
    for v in verdicts:
        if not v.publish and not v.findings and not v.problems:
            for reason in _other_reasons(v):
                print(f"{reason} (not published)", file=sys.stderr)
    if baseline is not None and ctx.accepted:
        print(f"casebook: {len(ctx.accepted)} finding(s) accepted by the baseline "
              f"{args.baseline}", file=sys.stderr)
    if problems:
        return EXIT_USAGE
    # A draft is work in progress: only its findings fail (consent may come later).
    blocking = [v for v in verdicts
                if any(f not in ctx.accepted for f in v.findings) or
                (_other_reasons(v, True) and (v.is_page or not v.story.draft))]
    return EXIT_FINDINGS if blocking else EXIT_CLEAN


def _other_reasons(v, blocking_only: bool = False) -> list[str]:
    """A verdict's reasons other than its findings (consent; the draft flag unless only
    blocking reasons are asked for: a draft is work in progress, not a failure)."""
    out = []
    for r in v.reasons:
        if _FINDINGS_REASON.search(r):
            continue
        if blocking_only and r.endswith(": marked draft: true"):
            continue
        out.append(r)
    return out


_FINDINGS_REASON = re.compile(r": \d+ identifying detail\(s\)")

BASELINE_VERSION = 1


def _read_baseline(path: str) -> list[tuple]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise _UsageError(f"--baseline {path}: cannot be read: {e.strerror}") from None
    except ValueError as e:
        raise _UsageError(f"--baseline {path}: not JSON ({e}); write one with "
                          "--write-baseline") from None
    if not isinstance(data, dict) or data.get("casebook_baseline") != BASELINE_VERSION or \
            not isinstance(data.get("findings"), list):
        raise _UsageError(f"--baseline {path}: not a casebook baseline (version "
                          f"{BASELINE_VERSION}); write one with --write-baseline")
    out = []
    for i, e in enumerate(data["findings"], 1):
        try:
            out.append((str(e["path"]), str(e["code"]), str(e["text"]),
                        str(e["fingerprint"])))
        except (KeyError, TypeError):
            raise _UsageError(f"--baseline {path}: finding {i} needs path, code, text and "
                              "fingerprint") from None
    return out


def _write_baseline(path: str, settings, verdicts, entries) -> int:
    target = Path(path).absolute()
    try:
        target.resolve().relative_to(settings.docs_dir.resolve())
        raise _UsageError(f"--write-baseline {path}: inside docs_dir, where MkDocs would "
                          "publish it; write it next to mkdocs.yml")
    except ValueError:
        pass
    findings = [{"path": rel, "code": code, "text": text, "fingerprint": fp}
                for v in verdicts for rel, code, text, fp in entries[v.path]]
    doc = {"casebook_baseline": BASELINE_VERSION,
           "note": "Findings accepted in an existing archive (casebook check --baseline). "
                   "It quotes identifying text: keep it out of docs_dir and out of public "
                   "repositories.",
           "findings": findings}
    try:
        target.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    except OSError as e:
        raise _UsageError(f"--write-baseline {path}: cannot be written: {e.strerror}") \
            from None
    print(f"casebook: wrote {len(findings)} finding(s) to the baseline {path}",
          file=sys.stderr)
    problems = [p for v in verdicts for p in v.problems]
    for p in problems:
        print(str(p), file=sys.stderr)
    return EXIT_USAGE if problems else EXIT_CLEAN


def _color(args) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


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
    elif args.format in ("sarif", "github"):
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
                   "docs_dir); '-' reads one story from stdin")
    c.add_argument("--output-format", "--format", dest="format",
                   choices=("text", "json", "sarif", "github"), default="text",
                   help="text (default), json, sarif (SARIF 2.1.0 for code scanning) or "
                   "github (GitHub Actions annotations); --format is an alias")
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
                   help="show the category code, rule code, detector, rule and evidence "
                   "behind each finding")
    c.add_argument("--select", action="append", metavar="CODE",
                   help="report only these codes: categories (CB101), rules (CB5007), a "
                   "prefix of either (CB1, CB50), or detectors (repeatable)")
    c.add_argument("--ignore", action="append", metavar="CODE",
                   help="do not report these category or rule codes, prefixes or detectors "
                   "(repeatable; applied after --select)")
    c.add_argument("--statistics", action="store_true",
                   help="print the number of findings and warnings per rule code instead of "
                   "the findings")
    c.add_argument("--stdin-filename", metavar="PATH",
                   help="with '-': judge the story read from stdin as if it were this file "
                   "(its slug, and whether it is a page)")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the text format: auto (default) when stdout is a terminal "
                   "and NO_COLOR is unset")
    c.add_argument("--baseline", metavar="FILE",
                   help="accept the findings listed in FILE (written by --write-baseline): "
                   "they are reported as accepted and do not fail; new ones do")
    c.add_argument("--write-baseline", metavar="FILE",
                   help="write the current findings to FILE as a baseline, and exit 0 "
                   "(2 on invalid input)")
    c.add_argument("--sarif-redact", action=argparse.BooleanOptionalAction, default=True,
                   help="SARIF: leave the identifying text out of messages (default on; "
                   "--no-sarif-redact quotes it)")
    c.add_argument("--project-url", metavar="URL",
                   help="SARIF informationUri (default: casebook's README)")
    c.add_argument("--help-uri", metavar="URL",
                   help="SARIF rules' helpUri base, before '#rule-codes' (default: the "
                   "project URL)")
    c.add_argument("--allow", action="append", metavar="TEXT",
                   help="also accept this text (repeatable)")
    c.add_argument("--disable", action="append", metavar="DETECTOR|RULE",
                   help="skip a detector by name, or a rule by its code (CB5007): its findings "
                   "are not made and its names not spread (repeatable)")
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
