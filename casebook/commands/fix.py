"""`casebook fix FILE`: propose an anonymised rewrite, shown as a diff, written only with --write.

The command shell only: options, the diff and the report. The rewrite itself is the
`casebook.rewrite` package (no argparse there):

- PERSON (and a name in an image's alt text): each distinct person gets one invented first
  name from a seeded pool, added to `pseudonyms:` (rewrite.people).
- ORG: a generalised description ("X University" -> "a university"; rewrite.orgs).
- LOCATION: "a city" / "another city" / "the city" (rewrite.places).
- DATE: the year goes ("September 2022" -> "September"; rewrite.dates).
- QUASI: the superlative is softened ("the only woman director on" -> "one of the few women
  directors on"), named awards and honours become generic (rewrite.quasi).
- EMAIL, PHONE, URL, HANDLE, ID: neutral text ("(email withheld)"; rewrite.contacts).

Edits are made by span on the original text: headings, lists, links, front-matter layout
and comments stay exactly as they were; the YAML is never re-serialised. `--write` first
saves the original under `.casebook-backup/<time>/` at the project root (rewrite.backup).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..rewrite import (BACKUP_DIR, FixResult, WriteRefused, backup_path, project_root,
                       propose, unparseable, write_fixed)
from ..story import parse
from . import (EXIT_ACTION, EXIT_OK, EXIT_USAGE, UsageError, display, guarded, main_for,
               settings)

__all__ = ["BACKUP_DIR", "add_parser", "backup_path", "project_root", "propose", "run",
           "write_fixed"]


# ----------------------------------------------------------------------------- command
def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "fix", help="propose an anonymised rewrite (consistent pseudonyms) as a diff",
        description="Propose an anonymised rewrite of each story: invented names (added to "
        "pseudonyms:), generalised employers, vaguer places and dates, contact details "
        "withheld. Shows a diff; writes only with --write, keeping the original under "
        ".casebook-backup/ at the project root. Exit 0 the result passes the checker, "
        "1 findings remain, 2 unreadable or invalid input.")
    p.add_argument("files", nargs="+", metavar="FILE", help="story files to fix")
    p.add_argument("--write", action="store_true",
                   help="write the rewrite (the original is kept under .casebook-backup/)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for choosing invented names (default 0; same seed, same names)")
    p.add_argument("--allow", action="append", metavar="TEXT",
                   help="a public name the checker may accept (repeatable)")
    p.add_argument("--config", metavar="MKDOCS_YML",
                   help="site config to read the casebook allow-list from "
                   "(default: ./mkdocs.yml)")
    p.set_defaults(func=run)


def _config(args):
    site = settings(getattr(args, "config", None))
    return site.check_config(allow=tuple(getattr(args, "allow", None) or ()))


def report_lines(result: FixResult) -> list[str]:
    out = []
    names = {old: new for old, new in result.mapping.items()}
    if result.pseudonyms:
        out.append(f"{result.path}: invented names added to pseudonyms: "
                   f"{', '.join(result.pseudonyms)}")
    for old, new in sorted(names.items(), key=lambda kv: result.original.find(kv[0])):
        out.append(f"  {old} -> {new}")
    n = len(result.edits)
    out.append(f"{result.path}: {n} edit(s) in {result.rounds} round(s); "
               + ("passes casebook check" if not result.remaining else
                  f"{len(result.remaining)} finding(s) remain for you to rewrite:"))
    for f in result.remaining:
        hint = " (rename the image file and its link)" if f.category == "IMAGE" else ""
        out.append(f"  {f.path}:{f.line}:{f.column}: {f.category} \"{f.text}\"{hint}")
    for u in result.unresolved:
        out.append(f"  {u}")
    if result.pseudonyms:
        out.append("  check each replacement: a quoted author or public figure belongs in "
                   "'allow:' instead of being renamed")
    return out


@guarded
def run(args) -> int:
    config = _config(args)
    worst = EXIT_OK
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"casebook fix: {name}: no such file", file=sys.stderr)
            worst = max(worst, EXIT_USAGE)
            continue
        original_bytes = path.read_bytes()
        story = parse(original_bytes, display(path))
        result = propose(story, args.seed, config)
        if result.problems:
            for p in result.problems:
                print(f"casebook fix: {p}", file=sys.stderr)
            why = "does not parse" if unparseable(story) else "cannot be fixed safely"
            print(f"casebook fix: {display(path)} {why}; fix it by hand first "
                  "(nothing changed)", file=sys.stderr)
            worst = max(worst, EXIT_USAGE)
            continue
        if result.changed:
            sys.stdout.write(result.diff())
        for line in report_lines(result):
            print(line, file=sys.stderr)
        if args.write and result.changed:
            try:
                backup = write_fixed(path, original_bytes, result.new_text)
            except WriteRefused as e:
                raise UsageError(str(e)) from None
            print(f"casebook fix: wrote {display(path)}; the original is in {display(backup)}",
                  file=sys.stderr)
        elif result.changed:
            print("casebook fix: nothing written (run again with --write to apply)",
                  file=sys.stderr)
        worst = max(worst, EXIT_ACTION if result.remaining or result.unresolved else EXIT_OK)
    return worst


if __name__ == "__main__":
    sys.exit(main_for(add_parser))
