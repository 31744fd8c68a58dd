"""`casebook audit`: k-anonymity of front-matter quasi-identifiers across the corpus.

No single story's text may identify a client, but a combination of facts can: if only one
published story is about a "Director, support function" in an "International organisation"
over "10 months", whoever knows that client recognises them. The audit groups stories by
their quasi-identifiers (role, sector, duration for client stories; organisation,
participants, duration for programmes; case and spacing normalised, durations in bands),
lists every combination fewer than k stories share, and says what to generalise: the field
that makes it rare, and a coarser value that would put the story in a group of k.

Exit 0 when every combination is shared by at least k stories, 1 when one is not, 2 when a
story cannot be read.
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from ..story import Story
from ..vocab import DURATION_BANDS as BANDS
from ..vocab import duration_band, role_level
from . import EXIT_ACTION, EXIT_OK, EXIT_USAGE, UsageError, guarded, main_for, settings

FIELDS = {
    "client-story": ("role", "sector", "duration"),
    "programme": ("organisation", "participants", "duration"),
}
OPTIONAL = {"duration"}          # may simply be left out
NOT_GIVEN = "(not given)"

def normalise(key: str, value: str | None) -> str:
    if value is None or not str(value).strip():
        return NOT_GIVEN
    if key == "duration":
        band = duration_band(value)
        if band and band != "other":
            return band
    text = " ".join(str(value).split()).casefold()
    return text.rstrip(".;,")


def coarser_role(role: str) -> str | None:
    """The role's level when it is coarser than the role itself, else None."""
    level = role_level(role)
    return level if level and level.casefold() != role.strip().casefold() else None


@dataclass
class Suggestion:
    """A set of generalisations and the group the story would then be in."""

    changes: dict[str, str]          # field -> what to do with it, in words
    would_share: int                 # stories in the group after the change
    with_stories: list[str]          # the stories it would then be grouped with
    reaches_k: bool
    combo: tuple = ()                # generalisation level per field (internal)

    def __str__(self) -> str:
        what = "; ".join(self.changes.values())
        if not self.combo:
            return what
        n = f"{self.would_share} stor{'y' if self.would_share == 1 else 'ies'}"
        tail = "" if self.reaches_k else " (still under k)"
        return f"{what}: then {n} share it{tail}"


@dataclass
class Group:
    kind: str
    values: dict[str, str]           # normalised, as compared
    stories: list[str]               # paths
    shown: dict[str, list[str]]      # field -> the values as the stories write them
    field_counts: dict[str, int]     # how many stories of this kind share each value alone
    rarest: list[str]                # the fields that make the combination rare, rarest first
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.stories)


@dataclass
class AuditReport:
    k: int
    counted: dict[str, int]                   # kind -> stories audited
    skipped: list[str]                        # paths not audited (insights, no kind)
    groups: list[Group]                       # every combination, risky first
    problems: list[str]                       # unreadable stories

    @property
    def risky(self) -> list[Group]:
        return [g for g in self.groups if g.count < self.k]

    def to_dict(self) -> dict:
        return {"k": self.k, "ok": not self.risky, "counted": self.counted,
                "skipped": self.skipped, "problems": self.problems,
                "risky": [_group_dict(g) for g in self.risky],
                "groups": [_group_dict(g) for g in self.groups]}


def _group_dict(g: Group) -> dict:
    d = asdict(g)
    d["count"] = g.count
    d["suggestions"] = [{key: v for key, v in {**asdict(s), "text": str(s)}.items()
                         if key != "combo"} for s in g.suggestions]
    return d


def _value(s: Story, f: str) -> str | None:
    value = getattr(s, f, None)
    if value is None and isinstance(s.meta.get(f), str):   # present but failed validation
        value = s.meta[f]
    return value


def _row(s: Story, kind: str) -> dict[str, str]:
    return {f: normalise(f, _value(s, f)) for f in FIELDS[kind]}


def audit(stories: Iterable[Story], k: int = 2) -> AuditReport:
    """Group stories by quasi-identifiers; every combination with its stories and advice."""
    if k < 1:
        raise UsageError("--k must be at least 1")
    stories = list(stories)
    problems = []
    by_kind: dict[str, list[tuple[Story, dict[str, str]]]] = defaultdict(list)
    skipped = []
    for s in stories:
        if not s.meta and s.problems:
            problems.extend(str(p) for p in s.problems)
            continue
        kind = s.kind if s.kind in FIELDS else None
        if kind is None:
            skipped.append(s.path)
            continue
        by_kind[kind].append((s, _row(s, kind)))
    groups: list[Group] = []
    for kind, rows in sorted(by_kind.items()):
        fields = FIELDS[kind]
        classes: dict[tuple, list[tuple[Story, dict]]] = defaultdict(list)
        for s, row in rows:
            classes[tuple(row[f] for f in fields)].append((s, row))
        single = {f: Counter(row[f] for _, row in rows) for f in fields}
        for key, members in classes.items():
            values = dict(zip(fields, key))
            counts = {f: single[f][values[f]] for f in fields}
            shown = {f: sorted({str(_value(s, f) or NOT_GIVEN) for s, _ in members})
                     for f in fields}
            rarest = sorted(fields, key=lambda f: (counts[f], fields.index(f)))
            g = Group(kind, values, sorted(s.path for s, _ in members), shown, counts, rarest)
            if g.count < k:
                g.suggestions = _suggest(g, rows, fields, k)
            groups.append(g)
    groups.sort(key=lambda g: (g.count >= k, g.count, g.kind, g.stories))
    return AuditReport(k, {kind: len(rows) for kind, rows in sorted(by_kind.items())},
                       sorted(skipped), groups, problems)


# How far each field can be generalised: 0 as written (durations already in bands),
# 1 role level ("Director, support function" -> "Director"), 2 left out of the comparison
# (a broader value that also fits the others, or dropped when the field is optional).
def _key(row: dict[str, str], levels: dict[str, int]) -> tuple:
    out = []
    for f, lvl in levels.items():
        v = row[f]
        if lvl == 1:
            v = normalise(f, coarser_role(v) or v)
        elif lvl == 2:
            v = "*"
        out.append(v)
    return tuple(out)


def _cost(combo, fields) -> int:
    return sum(0 if not lvl else 1 if (lvl == 1 or f in OPTIONAL) else 2
               for f, lvl in zip(fields, combo))


def _suggest(g: Group, rows, fields: Sequence[str], k: int) -> list[Suggestion]:
    """The fewest generalisations that put the group's stories among k, best first."""
    import itertools
    options = [(0, 1, 2) if f == "role" else (0, 2) for f in fields]
    me = dict(g.values)
    found = []
    for combo in itertools.product(*options):
        levels = dict(zip(fields, combo))
        if not any(combo):
            continue
        if any(lvl == 1 and not coarser_role(me[f]) for f, lvl in levels.items()):
            continue     # a role with no level to fall back on
        key = _key(me, levels)
        group = [s for s, row in rows if _key(row, levels) == key]
        # Dropping an optional field costs least; a role level next; broadening a required
        # field most. Among equal costs the smallest group that reaches k loses least.
        cost = sum(0 if not lvl else 1 if (lvl == 1 or f in OPTIONAL) else 2
                   for f, lvl in levels.items())
        found.append((len(group) < k, cost, len(group) if len(group) >= k else -len(group),
                      combo, group))
    found.sort(key=lambda t: t[:3])
    out: list[Suggestion] = []
    for under, _c, _n, combo, group in found:
        if out and (under or len(out) >= 2 or out[0].reaches_k and
                    _cost(combo, fields) > _cost(out[0].combo, fields)):
            break
        levels = dict(zip(fields, combo))
        others = [s for s in group if s.path not in g.stories]
        changes = {}
        for f, lvl in levels.items():
            if lvl == 1:
                changes[f] = f"{f} -> \"{coarser_role(g.shown[f][0])}\""
            elif lvl == 2 and f in OPTIONAL:
                changes[f] = f"drop {f} (optional)"
            elif lvl == 2:
                fits = sorted({str(_value(s, f)) for s in others if _value(s, f)})
                also = ", ".join(f'"{v}"' for v in fits[:3]) + (" …" if len(fits) > 3 else "")
                changes[f] = f"{f} -> broader, one that also fits {also}" if fits else \
                    f"{f} -> broader"
        out.append(Suggestion(changes, len(group), sorted(s.path for s in others), not under,
                              combo))
        if under:
            break
    if not out or not out[0].reaches_k:
        same_kind = len(rows)
        if same_kind < k:
            out.insert(0, Suggestion({"corpus": f"only {same_kind} {g.kind} stor"
                                      f"{'y' if same_kind == 1 else 'ies'} in all: wait until "
                                      f"there are at least {k} before publishing"},
                                     same_kind, [], False, ()))
    return out[:2]


# ----------------------------------------------------------------------------- output
def format_text(report: AuditReport) -> str:
    lines = []
    kinds = ", ".join(f"{n} {_PLURAL[kind] if n != 1 else kind}"
                      for kind, n in report.counted.items())
    lines.append(f"casebook audit: k={report.k}; {kinds or 'no client stories or programmes'}"
                 + (f"; {len(report.skipped)} skipped (insights, unpublished or no kind)"
                    if report.skipped else ""))
    risky = report.risky
    if not risky:
        lines.append(f"Every combination of quasi-identifiers is shared by at least "
                     f"{report.k} stories.")
        return "\n".join(lines)
    lines.append(f"{len(risky)} combination(s) shared by fewer than {report.k} stories: "
                 "someone who knows the client could pick out the story.")
    for kind in FIELDS:
        groups = [g for g in risky if g.kind == kind]
        if not groups:
            continue
        fields = FIELDS[kind]
        headers = ["#", "stories", *fields]
        table = []
        for i, g in enumerate(groups, 1):
            cells = [str(i), str(g.count)]
            for f in fields:
                mark = " *" if f == g.rarest[0] else ""
                band = f" [{g.values[f]}]" if f == "duration" and g.values[f] in BANDS \
                    and g.values[f] not in [v.lower() for v in g.shown[f]] else ""
                cells.append(_clip(" / ".join(g.shown[f]), 40) + band +
                             f" ({g.field_counts[f]}){mark}")
            table.append(cells)
        widths = [max(len(h), *(len(r[c]) for r in table)) for c, h in enumerate(headers)]
        lines.append("")
        lines.append(f"{_PLURAL[kind]}  (n) = stories with that value alone, "
                     "* = the rarest field")
        lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        for i, (g, cells) in enumerate(zip(groups, table), 1):
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
            for p in g.stories:
                lines.append(f"     {p}")
            for s in g.suggestions:
                lines.append(f"     -> {s}")
                if s.with_stories:
                    lines.append(f"        (with {', '.join(s.with_stories[:4])}"
                                 f"{' …' if len(s.with_stories) > 4 else ''})")
    return "\n".join(lines)


_PLURAL = {"client-story": "client stories", "programme": "programmes"}


def _clip(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


# ----------------------------------------------------------------------------- command
def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "audit", help="find combinations of role, sector and duration that too few stories "
        "share (k-anonymity)",
        description="Group stories by their front-matter quasi-identifiers (role, sector, "
        "duration; organisation and participants for programmes) and list every combination "
        "fewer than k stories share, with what to generalise. Exit 0 fine, 1 a combination "
        "under k, 2 unreadable input.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="story files or folders (default: the stories in docs_dir, "
                   "without index.md)")
    p.add_argument("--k", type=int, default=2,
                   help="each combination must be shared by at least k stories (default 2)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--config", metavar="MKDOCS_YML",
                   help="site config to read docs_dir from (default: ./mkdocs.yml)")
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    if args.k < 1:
        raise UsageError("--k must be at least 1")
    from ..site import review
    site = settings(getattr(args, "config", None))
    if not args.paths and not site.docs_dir.is_dir():
        raise UsageError(f"{site.docs_dir}: no stories folder here (give story paths)")
    try:
        result = review(site, args.paths or None, cache=None)
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None
    stories = [v for v in result.verdicts if not v.is_page]
    if not stories:
        raise UsageError("no stories to audit")
    # Only what would be published: a draft or an unconsented story makes no combination
    # safe, because no reader will ever see it.
    report = audit([v.story for v in stories if v.publish], args.k)
    report.skipped = sorted(report.skipped + [f"{v.path} (not published: {v.status})"
                                              for v in stories if not v.publish
                                              and v.story.meta])
    report.problems += [str(p) for v in stories if not v.story.meta for p in v.problems]
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_text(report))
    for p in report.problems:
        print(f"casebook audit: {p}", file=sys.stderr)
    if report.problems:
        return EXIT_USAGE
    return EXIT_ACTION if report.risky else EXIT_OK


if __name__ == "__main__":
    sys.exit(main_for(add_parser))
