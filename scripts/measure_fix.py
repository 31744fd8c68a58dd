#!/usr/bin/env python3
"""Measure `casebook fix` on labelled sets (default: ../shared/eval/devset/ and realdev/).

The stories are copied to a temporary folder and fixed there with `casebook fix --write`'s
own code path (the set is never written to). Prints two figures:

- the share of stories whose fixed text passes the checker (no findings), and
- the number of rewrites that read as broken English (a repeated word, "one of one of",
  a plural noun after "a"/"an", "evers", "-eses"), counted on lines the fix changed and
  only where the original did not already have it: it must be 0, and
- the share of labelled leak occurrences the fix removed: every whole-word, case-sensitive
  occurrence of a leak's text in the file (an occurrence inside a longer labelled one counts
  once, as the scorer counts them), before versus after.

    .venv/bin/python scripts/measure_fix.py [SETDIR ...] [--seed N] [-v]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from casebook.checker import CheckConfig  # noqa: E402
from casebook.commands.fix import propose, write_fixed  # noqa: E402
from casebook.story import parse  # noqa: E402


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in
            re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]


def leak_spans(text: str, leaks: list[dict]) -> list[tuple[int, int, str, str]]:
    spans = sorted({(s, e, leak["category"], leak["text"]) for leak in leaks
                    for s, e in occurrences(text, leak["text"])},
                   key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int, str, str]] = []
    for s in spans:
        if any(k[0] <= s[0] and s[1] <= k[1] and k != s for k in kept):
            continue
        kept.append(s)
    return kept


_GRAMMAR = [
    ("repeated word", re.compile(r"\b(\w+)\s+\1\b", re.I)),
    ("one of one of", re.compile(r"\bone of (?:the )?one of\b", re.I)),
    ("plural after a/an", re.compile(r"\b(?:a|an)\s+(?:\w+\s+)?(?:women|men|people|\w+(?:ors|ers|"
                                     r"ists|ants|ents|ians|ees|ives))(?=\s*[.,;:!?)]|\s+(?:to|on|in|at|of|who|and|or|"
                                     r"were|are|have)\b)", re.I)),
    ("evers", re.compile(r"\bevers\b", re.I)),
    ("-eses", re.compile(r"\w+eses\b", re.I)),
]


def grammar_flags(original: str, fixed: str) -> list[str]:
    """Broken-English patterns on the lines the fix changed that the original lacked."""
    old_lines = set(original.splitlines())
    before: dict[str, int] = {}
    for _name, rx in _GRAMMAR:
        for m in rx.finditer(original):
            before[m.group().casefold()] = before.get(m.group().casefold(), 0) + 1
    out = []
    for line in fixed.splitlines():
        if line in old_lines:
            continue
        for name, rx in _GRAMMAR:
            for m in rx.finditer(line):
                key = m.group().casefold()
                if before.get(key, 0):
                    before[key] -= 1
                    continue
                out.append(f"{name}: \"{line.strip()[:120]}\"")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("setdir", nargs="*", default=[str(REPO.parent / "shared/eval/devset"),
                                                  str(REPO.parent / "shared/eval/realdev")])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    worst = 0
    for setdir in args.setdir:
        worst = max(worst, measure(Path(setdir), args))
    return worst


def measure(src: Path, args) -> int:
    print(f"== {src}")
    files = sorted(p for p in src.glob("*.md") if p.name.lower() != "readme.md")
    if not files:
        print(f"{src}: no stories", file=sys.stderr)
        return 2
    config = CheckConfig()
    passed = total_leaks = removed = 0
    flagged: list[str] = []
    by_cat: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="casebook-measure-") as tmp:
        root = Path(tmp)
        (root / "mkdocs.yml").write_text("site_name: measure\ndocs_dir: stories\n")
        docs = root / "stories"
        docs.mkdir()
        for f in files:
            shutil.copy2(f, docs / f.name)
            (docs / f.name).chmod(0o644)   # the set may be read-only; the copies are ours
        for f in files:
            path = docs / f.name
            data = path.read_bytes()
            story = parse(data, f.name)
            result = propose(story, args.seed, config)
            if result.problems:
                print(f"{f.name}: not fixed: {result.problems}", file=sys.stderr)
                fixed = story.text
            else:
                if result.changed:
                    write_fixed(path, data, result.new_text)
                fixed = path.read_text(encoding="utf-8")
            ok = not result.problems and not result.remaining
            flags = grammar_flags(story.text, fixed)
            flagged += [f"{f.name}: {x}" for x in flags]
            passed += ok
            labels = json.loads(f.with_suffix(".labels.json").read_text(encoding="utf-8"))
            before = leak_spans(story.text, labels.get("leaks", []))
            after = leak_spans(fixed, labels.get("leaks", []))
            left: dict[str, int] = {}
            for s in after:
                left[s[3]] = left.get(s[3], 0) + 1
            gone = 0
            for leak_text in {s[3] for s in before}:
                n_before = sum(1 for s in before if s[3] == leak_text)
                n_gone = max(0, n_before - left.get(leak_text, 0))
                gone += n_gone
                cat = next(s[2] for s in before if s[3] == leak_text)
                c = by_cat.setdefault(cat, [0, 0])
                c[0] += n_gone
                c[1] += n_before
            total_leaks += len(before)
            removed += gone
            if args.verbose:
                rest = ", ".join(f'{f.category} "{f.text}"' for f in result.remaining)
                missed = sorted({s[3] for s in after})
                print(f"{f.name}: {'PASS' if ok else 'FAIL'}  leaks {gone}/{len(before)} "
                      f"removed" + (f"; still there: {missed}" if missed else "")
                      + (f"; checker still finds: {rest}" if rest else ""))
    n = len(files)
    print(f"stories whose fix output passes the checker: {passed}/{n} = {passed / n:.1%}")
    share = removed / total_leaks if total_leaks else 1.0
    print(f"labelled leak occurrences removed: {removed}/{total_leaks} = {share:.1%}")
    print(f"rewrites flagged by the grammar check (must be 0): {len(flagged)}")
    for x in flagged[:20] if args.verbose or len(flagged) <= 20 else flagged[:20]:
        print(f"  {x}")
    if args.verbose:
        for cat, (g, t) in sorted(by_cat.items()):
            print(f"  {cat:9} {g}/{t}")
        print(f"  ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
