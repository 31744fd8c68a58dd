"""The `casebook` command line: `check` here; `new`, `fix` and `audit` from casebook/commands/.

Exit codes: 0 clean, 1 findings, 2 usage error or unreadable/invalid input. Never a
traceback, and never a write to the coach's files.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


def _mkdocs_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that tolerates MkDocs' own tags (!ENV, !!python/name:...)."""

    def _any(loader, suffix, node=None):
        if node is None:                       # single-tag constructors
            node = suffix
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any)
    Loader.add_multi_constructor("!", _any)
    return Loader


def read_site_config(config_path: str | None) -> dict:
    """docs_dir, the casebook plugin's allow-list and non-story pages, from mkdocs.yml."""
    import yaml
    path = Path(config_path) if config_path else None
    if path is None:
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if Path(name).is_file():
                path = Path(name)
                break
    out = {"docs_dir": "stories", "allow": [], "pages": ["index.md"], "base": Path("."),
           "cache_dir": None, "found": path is not None, "consent": ["written", "verbal"],
           "vocabulary_sectors": [], "vocabulary_role_levels": [], "vocabulary_themes": []}
    if path is None:
        return out
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_mkdocs_loader()) or {}
    except OSError as e:
        raise _UsageError(f"{path}: cannot be read: {e.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise _UsageError(f"{path}: is not valid YAML: {str(e).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise _UsageError(f"{path}: must be a mapping of settings")
    out["base"] = path.parent
    out["docs_dir"] = str(data.get("docs_dir") or "stories")
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "casebook" in plugin:
            opts = plugin["casebook"] or {}
            if not isinstance(opts, dict):
                raise _UsageError(f"{path}: plugins.casebook must be a mapping of options")
            allow = opts.get("allow", [])
            if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
                raise _UsageError(f"{path}: plugins.casebook.allow must be a list of texts")
            out["allow"] = allow
            pages = opts.get("pages", ["index.md"])
            if isinstance(pages, list):
                out["pages"] = [str(p) for p in pages]
            out["cache_dir"] = opts.get("cache_dir", ".casebook-cache")
            # The gate's options, for `casebook check --site` (the plugin validates them in
            # a build; here a wrong type is a usage error).
            for key, default in (("consent", ["written", "verbal"]),
                                 ("vocabulary_sectors", []), ("vocabulary_role_levels", []),
                                 ("vocabulary_themes", [])):
                value = opts.get(key, default)
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise _UsageError(f"{path}: plugins.casebook.{key} must be a list of texts")
                out[key] = value
    return out


def _expand(paths: list[str], site: dict | None = None) -> list[Path]:
    out: list[Path] = []
    docs = (Path(site["base"]) / site["docs_dir"]).resolve() if site else None
    pages = {p.strip("/") for p in site["pages"]} if site else set()
    for p in paths:
        pp = Path(p)
        if pp.is_dir():
            for q in sorted(q for q in pp.rglob("*.md") if q.is_file()):
                # The site's own pages (index.md) are not stories, as in the default run.
                if docs and q.resolve().is_relative_to(docs) and \
                        q.resolve().relative_to(docs).as_posix() in pages:
                    continue
                out.append(q)
        elif pp.exists():
            out.append(pp)
        else:
            raise _UsageError(f"{p}: no such file or directory")
    return out


def _default_paths(site: dict) -> list[Path]:
    docs = site["base"] / site["docs_dir"]
    if not docs.is_dir():
        raise _UsageError(f"{docs}: docs_dir not found (give story paths, or --config)")
    skip = {p.strip("/") for p in site["pages"]}
    return sorted(q for q in docs.rglob("*.md")
                  if q.is_file() and q.relative_to(docs).as_posix() not in skip)


def cmd_check(args) -> int:
    from .checker import CheckConfig, check_paths
    from .checker.formats import FORMATS
    site = read_site_config(args.config)
    if args.site and args.paths:
        raise _UsageError("--site reports on the whole site: give no paths")
    paths = _expand(args.paths, site) if args.paths else _default_paths(site)
    if not paths:
        raise _UsageError("no stories to check")
    from .checker import registry
    unknown = sorted(set(args.disable or ()) - set(registry.names()))
    if unknown:
        raise _UsageError(f"--disable {unknown[0]}: no such detector (detectors: "
                          f"{', '.join(registry.names())})")
    config = CheckConfig(allow=tuple(site["allow"]) + tuple(args.allow or ()),
                         disabled=tuple(args.disable or ()), cache_dir=args.cache_dir or None)
    if args.site:
        return _check_site(site, config, args)
    shown = [_display(p) for p in paths]
    results = check_paths(paths, config, jobs=args.jobs, display=shown)
    output = FORMATS[args.format](results, explain=args.explain)
    if output:
        print(output)
    problems = [p for story, _ in results for p in story.problems]
    for p in problems:        # stderr in every format: stdout stays valid JSON/SARIF
        print(str(p), file=sys.stderr)
    if problems:
        return EXIT_USAGE
    return EXIT_FINDINGS if any(f for _, f in results) else EXIT_CLEAN


def _check_site(site: dict, config, args) -> int:
    """What `mkdocs build` would publish and withhold, and why, without building."""
    from .gate import report_lines, review_files, review_pages, summary
    from .vocab import Vocabulary
    stories = _default_paths(site)
    docs = site["base"] / site["docs_dir"]
    pages = [docs / p.strip("/") for p in site["pages"] if (docs / p.strip("/")).is_file()]
    vocabulary = Vocabulary(sectors=tuple(site["vocabulary_sectors"]),
                            role_levels=tuple(site["vocabulary_role_levels"]),
                            themes=tuple(site["vocabulary_themes"]))
    verdicts = review_files([str(p) for p in stories], [_display(p) for p in stories], config,
                            site["consent"], vocabulary, jobs=args.jobs)
    verdicts += [v for v in review_pages([str(p) for p in pages],
                                         [_display(p) for p in pages], config)
                 if not v.publish]
    withheld = [v for v in verdicts if not v.publish]
    if args.format == "json":
        print(json.dumps({
            "published": [v.story.path for v in verdicts if v.publish],
            "withheld": [{"path": v.story.path, "status": v.status, "reasons": v.reasons,
                          "findings": [f.to_dict() for f in v.findings]} for v in withheld],
        }, indent=2, default=str))
    elif args.format == "sarif":
        raise _UsageError("--site reports in text or json")
    else:
        for v in withheld:
            print("\n".join(report_lines(v)))
        print(summary(verdicts))
    return EXIT_FINDINGS if withheld else EXIT_CLEAN


def _display(p: Path) -> str:
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return str(p)
    return str(p) if rel.startswith("..") else rel


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
                   help="site config to read docs_dir and the casebook allow-list from "
                   "(default: ./mkdocs.yml)")
    c.add_argument("--site", action="store_true",
                   help="report what `mkdocs build` would publish and withhold (consent, "
                        "drafts, validation, vocabularies, findings), without building; "
                        "exit 1 when any story would be withheld")
    c.add_argument("--explain", action="store_true",
                   help="show the detector, rule and evidence behind each finding")
    c.add_argument("--allow", action="append", metavar="TEXT",
                   help="also accept this text (repeatable)")
    c.add_argument("--disable", action="append", metavar="DETECTOR",
                   help="skip a detector by name (repeatable)")
    c.add_argument("--cache-dir", metavar="DIR",
                   help="cache results on disk here (outside docs_dir)")
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
