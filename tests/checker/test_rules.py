"""Every rule has a stable code: unique, in its layer's range, usable in --disable,
--select, --ignore, shown by --explain and listed in SARIF."""
import json
import re

import pytest

from casebook.checker import CheckConfig, check_story, lexicon, rules
from casebook.checker.finding import CATEGORIES, CODES
from casebook.checker.pipeline import DETECTORS
from conftest import REPO, casebook, story_text

from .conftest import findings, story_of

LEAKY = ("Dr Vesna Kallio joined Brimble Partners in March 2021 and moved to Leeds. Write to "
         "vesna@brimble.example or call 020 7946 0958. See https://brimble.example/team. "
         "Her staff number 48213 was on the badge. Kallio was the first woman to chair the "
         "board. @vkallio #BrimbleProud ![Vesna Kallio](img/vesna-award.jpg) ex-Quorvane, "
         "the Ministry of Fenwold Affairs, Harbour House, client JB, Will said no, the QVX "
         "team and the Brask office.")


def test_codes_are_unique_and_in_their_layer():
    table = rules.all_rules()
    assert len({r.code for r in table}) == len(table)
    assert len({(r.detector, r.name) for r in table}) == len(table)
    for r in table:
        assert re.fullmatch(r"CB[456]\d{3}", r.code), r
        assert r.detector in DETECTORS and set(r.categories) <= set(CATEGORIES), r
        assert r.catches and r.misses, r
    # A rule code never reads as a category code's prefix (CB1…, CB2…, CB9…).
    assert not {r.code[:3] for r in table} & {c[:3] for c in CODES.values()}


@pytest.mark.parametrize("table,detector", [("patterns/dates", "dates"),
                                            ("patterns/quasi", "quasi")])
def test_every_pattern_rule_has_a_code(table, detector):
    for rule, _, _ in lexicon.pattern_table(table):
        assert rules.code_of(detector, rule), rule


def test_every_finding_has_a_rule_code():
    found = findings(LEAKY)
    assert len({f.detector for f in found}) >= 8
    assert all(f.rule_code for f in found), [(f.detector, f.rule) for f in found
                                             if not f.rule_code]
    assert all(rules.rule_of(f.detector, f.rule).categories for f in found)
    assert {f.category for f in found} <= {c for f in found
                                           for c in rules.rule_of(f.detector, f.rule).categories}


def test_disable_a_rule_by_code_makes_none_of_its_findings_and_spreads_none():
    s = story_of("We met Priya Oyelaran in the spring. Later Priya left.")
    assert any(f.rule == "first-name" for f in check_story(s))
    off = check_story(story_of("We met Priya Oyelaran in the spring. Later Priya left."),
                      CheckConfig(disabled=("CB5007",)))
    assert not [f for f in off if f.rule in ("first-name", "repeat")]


@pytest.fixture
def leaky(tmp_path):
    p = tmp_path / "leaky-story.md"
    p.write_text(story_text(body=LEAKY + "\n"), encoding="utf-8")
    return p


def check(*args):
    return casebook("check", *args, cwd=REPO)


def test_cli_select_ignore_disable_and_explain_take_rule_codes(leaky):
    every = json.loads(check("--format", "json", str(leaky)).stdout)["findings"]
    assert all(f["rule_code"] for f in every)
    codes = {f["rule_code"] for f in every}
    assert {"CB5007", "CB5002", "CB4101"} <= codes
    only = json.loads(check("--format", "json", "--select", "CB5007", str(leaky)).stdout)
    assert {f["rule_code"] for f in only["findings"]} == {"CB5007"}
    ladder = json.loads(check("--format", "json", "--select", "CB50", str(leaky)).stdout)
    assert {f["rule_code"][:4] for f in ladder["findings"]} == {"CB50"}
    rest = json.loads(check("--format", "json", "--ignore", "cb5007", str(leaky)).stdout)
    assert "CB5007" not in {f["rule_code"] for f in rest["findings"]}
    assert len(rest["findings"]) < len(every)
    off = json.loads(check("--format", "json", "--disable", "CB4101", str(leaky)).stdout)
    assert "CB4101" not in {f["rule_code"] for f in off["findings"]}
    explained = check("--explain", str(leaky)).stdout
    assert "CB5007 detector=propernoun rule=first-name" in explained
    bad = check("--disable", "CB5999", str(leaky))
    assert bad.returncode == 2 and "CB5999" in bad.stderr


def test_sarif_lists_every_rule_and_each_result_names_its_rule(leaky):
    doc = json.loads(check("--format", "sarif", str(leaky)).stdout)
    run = doc["runs"][0]
    descriptors = run["tool"]["driver"]["rules"]
    ids = [d["id"] for d in descriptors]
    assert {r.code for r in rules.all_rules()} <= set(ids)
    for d in descriptors:
        for rel in d.get("relationships", []):
            assert ids[rel["target"]["index"]] == rel["target"]["id"]
    assert all(res["properties"]["ruleCode"] in ids for res in run["results"]
               if res["level"] == "error")


def test_the_readme_lists_every_rule_with_its_code():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for r in rules.all_rules():
        assert f"| {r.code} | `{r.detector}` | `{r.name}` |" in readme, r.code
