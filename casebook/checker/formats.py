"""Output formats for findings: text (default), json (what score.py reads), sarif 2.1.0.

Each formatter takes results (objects with `findings` and `problems`: the site pipeline's
verdicts) and returns a string. Add one by adding a function to FORMATS.
"""
from __future__ import annotations

import json

from .finding import CODES


def text(results, explain: bool = False) -> str:
    lines = []
    for r in results:
        for f in r.findings:
            lines.append(f'{f.path}:{f.line}:{f.column}: {f.category} "{_one_line(f.text)}": '
                         f"{f.message}")
            if explain:
                lines.append(f"    [{f.code} detector={f.detector} rule={f.rule}] "
                             f"evidence: {f.context}")
    n = sum(len(r.findings) for r in results)
    if n:
        files = sum(1 for r in results if r.findings)
        lines.append(f"{n} identifying detail(s) in {files} of {len(results)} "
                     f"stor{'y' if len(results) == 1 else 'ies'}")
    return "\n".join(lines)


def _one_line(s: str) -> str:
    return s.replace("\n", "\\n")


def as_json(results, explain: bool = False) -> str:
    findings = []
    for r in results:
        for f in r.findings:
            d = {"path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
                 "end_column": f.end_column, "start": f.start, "end": f.end,
                 "category": f.category, "code": f.code, "text": f.text,
                 "message": f.message, "detector": f.detector, "rule": f.rule,
                 "context": f.context}
            findings.append(d)
    problems = [{"path": p.path, "line": p.line, "key": p.key, "message": p.message}
                for r in results for p in r.problems]
    out = {"findings": findings, "problems": problems}
    if all(hasattr(r, "status") for r in results):   # the site pipeline's verdicts
        out["verdicts"] = [{"path": r.path, "publish": r.publish, "status": r.status,
                            "reasons": r.reasons} for r in results]
    return json.dumps(out, indent=1, ensure_ascii=False)


def sarif(results, explain: bool = False) -> str:
    from .. import __version__
    from . import ADVICE
    rules = [{"id": code, "name": cat.title(),
              "shortDescription": {"text": f"{cat}: identifying detail"},
              "fullDescription": {"text": f"The text {ADVICE[cat]}."},
              "defaultConfiguration": {"level": "error"}}
             for cat, code in CODES.items()]
    index = {code: i for i, code in enumerate(CODES.values())}
    out = []
    for r in results:
        for f in r.findings:
            out.append({
                "ruleId": f.code, "ruleIndex": index[f.code], "level": "error",
                "message": {"text": f'{f.category} "{f.text}": {f.message}'},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path.replace("\\", "/")},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": f.end_column,
                               "charOffset": f.start, "charLength": f.end - f.start}}}],
                "properties": {"category": f.category, "detector": f.detector,
                               "rule": f.rule, "evidence": f.context},
            })
    notes = [{"level": "error", "message": {"text": str(p)},
              "descriptor": {"id": "invalid-story"},
              "locations": [{"physicalLocation": {
                  "artifactLocation": {"uri": p.path.replace("\\", "/")},
                  **({"region": {"startLine": p.line}} if p.line else {})}}]}
             for r in results for p in r.problems]
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "casebook", "version": __version__,
                                         "informationUri": "https://example.invalid/casebook",
                                         "rules": rules}},
                     "columnKind": "unicodeCodePoints",
                     "results": out,
                     "invocations": [{"executionSuccessful": True,
                                      "toolExecutionNotifications": notes}]}]}
    return json.dumps(doc, indent=1, ensure_ascii=False)


FORMATS = {"text": text, "json": as_json, "sarif": sarif}
