"""Output formats for findings: text (default), json (what score.py reads), sarif 2.1.0 and
github (GitHub Actions workflow annotations).

Each formatter takes results (objects with `findings` and `problems`: the site pipeline's
verdicts) and a `Context` (the repository root, the warnings, the findings a baseline
accepts, colour, SARIF options) and returns a string. Add one by adding a function to
FORMATS.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .finding import CODES, WARNING_CODES, Finding

CATEGORY_OF = {code: cat for cat, code in {**CODES, **WARNING_CODES}.items()}
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
# The README section that explains every rule code (its GitHub-style anchor).
RULES_ANCHOR = "rule-codes"
FINGERPRINT_KEY = "casebookFinding/v1"


@dataclass(frozen=True)
class Warn:
    """A warning with its code (CB9xx): a vocabulary hint, an unused suppression."""

    code: str
    problem: object          # a schema.Problem: path, line, key, message
    text: str = ""           # identifying text the message quotes (left out when redacting)

    def __str__(self) -> str:
        return f"warning: {self.problem} [{self.code}]"


@dataclass
class Context:
    root: Path | None = None                       # the repository root (mkdocs.yml's folder)
    warnings: list[Warn] = field(default_factory=list)
    accepted: frozenset = frozenset()              # findings the baseline accepts
    baseline: bool = False                         # was a baseline given at all
    color: bool = False
    explain: bool = False
    redact: bool = True                            # SARIF: leave identifying text out
    information_uri: str | None = None             # SARIF tool.driver.informationUri
    help_base: str | None = None                   # SARIF rules[].helpUri (before '#')

    def rel(self, result, path: str) -> str:
        """A result's path relative to the repository root, with '/' (or absolute)."""
        src = getattr(getattr(result, "source", None), "path", None)
        p = Path(src) if src is not None else Path(path)
        p = p.absolute()
        if self.root is not None:
            r = os.path.relpath(p, self.root)
            if not r.startswith(".."):
                return Path(r).as_posix()
        return p.as_posix()


def readme_uri() -> str:
    """The casebook README as a URI: where the rules and the CI set-up are explained."""
    readme = Path(__file__).resolve().parents[2] / "README.md"
    if readme.is_file():
        return readme.as_uri()
    return "https://pypi.org/project/casebook/"


# ----------------------------------------------------------------------------- fingerprints
def fingerprints(findings: list[Finding], rel: str) -> list[str]:
    """A fingerprint per finding that survives moving lines: a hash of the code, the text,
    the root-relative path and which occurrence of that code and text it is in the file."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        k = (f.code, f.text)
        n = seen.get(k, 0)
        seen[k] = n + 1
        h = hashlib.sha256("\0".join((f.code, f.text, rel, str(n))).encode("utf-8",
                                                                            "surrogatepass"))
        out.append(h.hexdigest()[:32])
    return out


# ----------------------------------------------------------------------------- text
_RESET, _BOLD, _RED, _YELLOW, _CYAN, _DIM = ("\033[0m", "\033[1m", "\033[31m", "\033[33m",
                                             "\033[36m", "\033[2m")


def text(results, explain: bool = False, ctx: Context | None = None) -> str:
    ctx = ctx or Context(explain=explain)
    explain = explain or ctx.explain

    def c(code, s):
        return f"{code}{s}{_RESET}" if ctx.color else s

    lines = []
    for r in results:
        for f in r.findings:
            accepted = f in ctx.accepted
            cat = c(_DIM if accepted else _BOLD + _RED, f.category)
            where = c(_BOLD, f"{f.path}:{f.line}:{f.column}:")
            tail = " " + c(_DIM, "(accepted: in the baseline)") if accepted else ""
            lines.append(f'{where} {cat} "{_one_line(f.text)}": {f.message}{tail}')
            if explain:
                lines.append(f"    [{c(_CYAN, f.code)} {c(_CYAN, f.rule_code)} "
                             f"detector={f.detector} rule={f.rule}] evidence: {f.context}")
    n = sum(len(r.findings) for r in results)
    if n:
        files = sum(1 for r in results if r.findings)
        accepted = sum(f in ctx.accepted for r in results for f in r.findings)
        extra = f" ({accepted} accepted in the baseline)" if ctx.baseline else ""
        lines.append(f"{n} identifying detail(s) in {files} of {len(results)} "
                     f"stor{'y' if len(results) == 1 else 'ies'}{extra}")
    return "\n".join(lines)


def _one_line(s: str) -> str:
    return s.replace("\n", "\\n")


# ----------------------------------------------------------------------------- json
def as_json(results, explain: bool = False, ctx: Context | None = None) -> str:
    ctx = ctx or Context()
    findings = []
    for r in results:
        prints = fingerprints(r.findings, ctx.rel(r, r.findings[0].path)) if r.findings else []
        for f, fp in zip(r.findings, prints):
            d = dict(path=f.path, line=f.line, column=f.column, end_line=f.end_line,
                     end_column=f.end_column, start=f.start, end=f.end,
                     category=f.category, code=f.code, text=f.text, message=f.message,
                     detector=f.detector, rule=f.rule, rule_code=f.rule_code,
                     context=f.context, fingerprint=fp)
            if ctx.baseline:
                d["accepted"] = f in ctx.accepted
            findings.append(d)
    problems = [{"path": p.path, "line": p.line, "key": p.key, "message": p.message}
                for r in results for p in r.problems]
    warnings = [{"path": w.problem.path, "line": w.problem.line, "key": w.problem.key,
                 "code": w.code, "message": w.problem.message} for w in ctx.warnings]
    out = {"findings": findings, "problems": problems, "warnings": warnings}
    if all(hasattr(r, "status") for r in results):   # the site pipeline's verdicts
        out["verdicts"] = [{"path": r.path, "publish": r.publish, "status": r.status,
                            "reasons": r.reasons} for r in results]
    return json.dumps(out, indent=1, ensure_ascii=False)


# ----------------------------------------------------------------------------- sarif
def _rules(help_base: str) -> list[dict]:
    from . import ADVICE
    rules = []
    for cat, code in CODES.items():
        advice = ADVICE[cat]
        rules.append({
            "id": code, "name": "Identifying" + cat.title(),
            "shortDescription": {"text": f"{cat}: a detail that could identify a client"},
            "fullDescription": {"text": f"{_marked(advice)}."},
            "help": {"text": f"{_marked(advice)}. Rewrite it, declare an invented name in "
                             "'pseudonyms:', add a public name to 'allow:', or suppress one "
                             "occurrence with <!-- casebook: allow \"TEXT\" reason=\"why it "
                             "identifies no one\" -->.",
                     "markdown": f"**{cat}** ({code}): {_marked(advice)}. See the casebook "
                                 f"README, [Rule codes]({help_base}#{RULES_ANCHOR})."},
            "helpUri": f"{help_base}#{RULES_ANCHOR}",
            "defaultConfiguration": {"level": "error"},
            "properties": {"category": cat, "tags": ["privacy", "anonymisation"]}})
    hints = {"UNUSED-SUPPRESSION": "A casebook allow comment that suppressed nothing on its "
                                   "line; remove it so that it cannot hide a later leak.",
             "VOCABULARY": "A facet value the site cannot place, or a theme spelled like "
                           "another one; guidance only, the story is not withheld."}
    for name, code in WARNING_CODES.items():
        rules.append({
            "id": code, "name": "".join(w.title() for w in name.split("-")),
            "shortDescription": {"text": hints[name].split(";")[0]},
            "fullDescription": {"text": hints[name]},
            "help": {"text": hints[name]},
            "helpUri": f"{help_base}#{RULES_ANCHOR}",
            "defaultConfiguration": {"level": "warning"}})
    return rules + _rule_descriptors(help_base, {r["id"]: i for i, r in enumerate(rules)})


def _rule_descriptors(help_base: str, index: dict[str, int]) -> list[dict]:
    """One descriptor per detection rule (CB4xxx-CB6xxx, checker/rules.py), related to the
    categories it may report; a result names its category (ruleId) and its rule
    (properties.ruleCode)."""
    from .rules import all_rules
    out = []
    for r in all_rules():
        text = f"{r.detector} rule '{r.name}': catches {r.catches}"
        if r.misses and r.misses != "—":
            text += f"; misses {r.misses}"
        out.append({
            "id": r.code, "name": "".join(p.title() for p in f"{r.detector}-{r.name}".split("-")),
            "shortDescription": {"text": f"{r.detector}: {r.name}"},
            "fullDescription": {"text": text + "."},
            "help": {"text": text + ". Disable it with --disable " + r.code + "."},
            "helpUri": f"{help_base}#{RULES_ANCHOR}",
            "defaultConfiguration": {"level": "error"},
            "relationships": [{"target": {"id": CODES[c], "index": index[CODES[c]]},
                               "kinds": ["relevant"]} for c in r.categories],
            "properties": {"detector": r.detector, "rule": r.name,
                           "categories": list(r.categories)}})
    return out


def _marked(advice: str) -> str:
    """ADVICE reads after 'it': 'names a person; ...' -> 'The marked text names a person'."""
    if advice.startswith(("an ", "a ")):
        return advice[0].upper() + advice[1:]
    return "The marked text " + advice


_QUOTED = re.compile(r"\"[^\"\n]*\"|(?<![\w])'[^'\n]*'(?![\w])")


def redact_text(message: str, texts=()) -> str:
    """A message with quoted values and the given identifying texts left out."""
    for t in sorted({t for t in texts if t}, key=len, reverse=True):
        message = message.replace(t, "(withheld)")
    return _QUOTED.sub("(withheld)", message)


def _uri(rel: str) -> dict:
    if rel.startswith("/"):
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "PROJECTROOT"}


def sarif(results, explain: bool = False, ctx: Context | None = None) -> str:
    from .. import __version__
    from . import ADVICE
    ctx = ctx or Context()
    info = ctx.information_uri or readme_uri()
    rules = _rules(ctx.help_base or info.split("#")[0])
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    out = []
    for r in results:
        if not r.findings:
            continue
        rel = ctx.rel(r, r.findings[0].path)
        for f, fp in zip(r.findings, fingerprints(r.findings, rel)):
            if ctx.redact:
                message = (f"{f.category} ({f.code}) at line {f.line}, column {f.column}: "
                           f"{_marked(ADVICE[f.category])}.")
            else:
                message = f'{f.category} "{f.text}": {f.message}'
            res = {
                "ruleId": f.code, "ruleIndex": index[f.code], "level": "error",
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": _uri(rel),
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": f.end_column}}}],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
                "properties": {"category": f.category, "detector": f.detector,
                               "rule": f.rule, "ruleCode": f.rule_code},
            }
            if not ctx.redact:
                res["properties"]["evidence"] = f.context
            if ctx.baseline:
                accepted = f in ctx.accepted
                res["baselineState"] = "unchanged" if accepted else "new"
                if accepted:
                    res["suppressions"] = [{"kind": "external", "status": "accepted",
                                            "justification": "accepted in the casebook "
                                                             "baseline"}]
            out.append(res)
    for w in ctx.warnings:
        p = w.problem
        rel = ctx.rel(None, p.path)
        msg = redact_text(p.message, [w.text]) if ctx.redact else p.message
        msg = f"'{p.key}' {msg}" if p.key else msg
        region = {"region": {"startLine": p.line}} if p.line else {}
        out.append({"ruleId": w.code, "ruleIndex": index[w.code], "level": "warning",
                    "message": {"text": msg},
                    "locations": [{"physicalLocation": {"artifactLocation": _uri(rel),
                                                        **region}}]})
    notes = []
    for r in results:
        for p in r.problems:
            msg = redact_text(p.message) if ctx.redact else p.message
            msg = f"'{p.key}' {msg}" if p.key else msg
            region = {"region": {"startLine": p.line}} if p.line else {}
            notes.append({"level": "error", "message": {"text": msg},
                          "descriptor": {"id": "invalid-story"},
                          "locations": [{"physicalLocation": {
                              "artifactLocation": _uri(ctx.rel(r, p.path)), **region}}]})
    run = {"tool": {"driver": {"name": "casebook", "version": __version__,
                               "semanticVersion": __version__,
                               "informationUri": info, "rules": rules}},
           "columnKind": "unicodeCodePoints",
           "results": out,
           "invocations": [{"executionSuccessful": True,
                            "toolExecutionNotifications": notes}]}
    if ctx.root is not None:
        run["originalUriBaseIds"] = {"PROJECTROOT": {
            "uri": Path(ctx.root).absolute().as_uri().rstrip("/") + "/",
            "description": {"text": "The casebook project root (the folder of mkdocs.yml)."}}}
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=1, ensure_ascii=False)


# ----------------------------------------------------------------------------- github
def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def _gh(level: str, message: str, **props) -> str:
    names = {"file": "file", "line": "line", "col": "col", "end_line": "endLine",
             "end_column": "endColumn", "title": "title"}
    parts = [f"{names[k]}={_gh_prop(str(v))}" for k, v in props.items() if v not in (None, "")]
    return f"::{level} {','.join(parts)}::{_gh_data(message)}" if parts else \
        f"::{level}::{_gh_data(message)}"


def github(results, explain: bool = False, ctx: Context | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding, problem and warning."""
    ctx = ctx or Context()
    lines = []
    for r in results:
        for f in r.findings:
            accepted = f in ctx.accepted
            lines.append(_gh("notice" if accepted else "error",
                             f'{f.category} "{f.text}": {f.message}'
                             + (" (accepted in the baseline)" if accepted else ""),
                             file=f.path, line=f.line, col=f.column, end_line=f.end_line,
                             end_column=f.end_column, title=f"{f.code} {f.category}"))
        for p in r.problems:
            lines.append(_gh("error", f"'{p.key}' {p.message}" if p.key else p.message,
                             file=p.path, line=p.line or None, title="casebook invalid story"))
    for w in ctx.warnings:
        p = w.problem
        lines.append(_gh("warning", f"'{p.key}' {p.message}" if p.key else p.message,
                         file=p.path, line=p.line or None,
                         title=f"{w.code} {CATEGORY_OF[w.code]}"))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- statistics
def statistics(results, ctx: Context | None = None, as_json: bool = False) -> str:
    """Counts per code, most frequent first (like `ruff check --statistics`)."""
    from collections import Counter
    ctx = ctx or Context()
    counts: Counter = Counter()
    accepted: Counter = Counter()
    for r in results:
        for f in r.findings:
            (accepted if f in ctx.accepted else counts)[f.code] += 1
    for w in ctx.warnings:
        counts[w.code] += 1
    codes = sorted(set(counts) | set(accepted), key=lambda c: (-counts[c], c))
    if as_json:
        return json.dumps([{"code": c, "name": CATEGORY_OF[c], "count": counts[c],
                            **({"accepted": accepted[c]} if ctx.baseline else {})}
                           for c in codes], indent=1)
    width = max((len(str(counts[c])) for c in codes), default=1)
    lines = []
    for c in codes:
        extra = f"  ({accepted[c]} accepted)" if accepted[c] else ""
        lines.append(f"{counts[c]:>{width}}  {c}  {CATEGORY_OF[c]}{extra}")
    return "\n".join(lines)


FORMATS = {"text": text, "json": as_json, "sarif": sarif, "github": github}
