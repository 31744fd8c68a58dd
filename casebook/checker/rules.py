"""Every rule of every detector, with its stable code (`casebook/data/rules.yaml`).

A finding's category code (CB101 PERSON … CB203 QUASI) says what kind of detail it is; its
rule code says which rule found it, one code per rule:

    CB4xxx  identifier detectors  (CB41xx email, CB42xx url, CB43xx ids, CB44xx phone,
                                   CB45xx postcode, CB46xx dates, CB47xx quasi,
                                   CB48xx handle, CB49xx image)
    CB5xxx  name detection: the evidence ladder of the proper-noun detector
    CB6xxx  post-processors       (propagation, hashtags, alt text, file names)

Codes are never renumbered or reused. A rule's name (`honorific`) is its finding's `rule`;
`--disable`, `--select` and `--ignore` take either.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    detector: str
    name: str
    categories: tuple[str, ...]
    catches: str
    misses: str


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    from . import lexicon
    table = lexicon.table("rules")
    out = []
    for detector, rules in table["detectors"].items():
        for name, row in rules.items():
            out.append(Rule(row["code"], detector, name, tuple(row["categories"]),
                            row.get("catches", ""), row.get("misses", "")))
    return tuple(out)


@functools.cache
def _by_key() -> dict[tuple[str, str], Rule]:
    return {(r.detector, r.name): r for r in all_rules()}


@functools.cache
def by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def rule_of(detector: str, rule: str) -> Rule | None:
    """The rule behind a finding's (detector, rule); '+normalised' readings share it."""
    return _by_key().get((detector, rule.split("+")[0]))


def code_of(detector: str, rule: str) -> str:
    r = rule_of(detector, rule)
    return r.code if r else ""


def disabled_set(disabled) -> frozenset[str]:
    """Detector names and rule codes (upper-cased) to skip."""
    return frozenset(d.upper() if d.upper().startswith("CB") else d for d in disabled)


def is_off(hit, off: frozenset[str]) -> bool:
    if not off:
        return False
    return hit.detector in off or code_of(hit.detector, hit.rule) in off
