"""Facets that guide instead of block: role levels, sectors and theme keys from data tables."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from casebook import facets
from casebook.facets import (canonical_themes, near_duplicates, role_level, role_levels,
                             sector_facet, sector_labels, theme_key)

DATA = Path(facets.__file__).resolve().parent / "data"
LEVELS = ("Chief executive", "Executive", "Director", "Senior leader", "Senior manager",
          "Manager", "Specialist", "Founder")
SHIPPED_SECTORS = ("International organisation", "Public sector", "Private sector company",
                   "Financial services", "Healthcare", "Education", "Technology",
                   "Manufacturing", "Retail", "Professional services", "Charity and non-profit")


def load(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# --- Role levels --------------------------------------------------------------------------

ROLES = [
    # The wordings of issue 16
    ("Regional Director", "Director"),
    ("Buying Director", "Director"),
    ("Vice President – Delivery", "Executive"),
    ("SVP Engineering", "Executive"),
    ("Head of Operations", "Senior leader"),
    # The coarse labels themselves, and the shipped stories' roles
    ("Chief executive", "Chief executive"),
    ("Executive", "Executive"),
    ("Director", "Director"),
    ("Senior leader", "Senior leader"),
    ("Senior manager", "Senior manager"),
    ("Manager", "Manager"),
    ("Specialist", "Specialist"),
    ("Founder", "Founder"),
    ("Director, specialist support function", "Director"),
    ("Senior leader, technology initiatives across an industry", "Senior leader"),
    # The top of an organisation
    ("CEO", "Chief executive"),
    ("Chief Executive Officer", "Chief executive"),
    ("Group Chief Executive", "Chief executive"),
    ("Interim CEO", "Chief executive"),
    ("President", "Chief executive"),
    ("Managing Partner", "Chief executive"),
    ("Executive Chair", "Chief executive"),
    ("Permanent Secretary", "Chief executive"),
    ("Vice-Chancellor", "Chief executive"),
    ("Headteacher", "Chief executive"),
    ("Head Teacher, primary school", "Chief executive"),
    ("Executive Headteacher", "Chief executive"),
    ("Principal", "Chief executive"),
    ("College Principal", "Chief executive"),
    ("Chief Constable", "Chief executive"),
    ("Assistant Chief Constable", "Executive"),
    ("Secretary-General", "Chief executive"),
    # Executives
    ("CFO", "Executive"),
    ("COO", "Executive"),
    ("CTO", "Executive"),
    ("CHRO", "Executive"),
    ("CISO", "Executive"),
    ("Chief Operating Officer", "Executive"),
    ("Chief Information Security Officer", "Executive"),
    ("Chief Nursing Officer", "Executive"),
    ("Chief Nurse", "Executive"),
    ("Chief Economist", "Executive"),
    ("Deputy CEO", "Executive"),
    ("Deputy Chief Executive", "Executive"),
    ("Deputy Principal", "Executive"),
    ("Vice Principal", "Executive"),
    ("Pro-Vice-Chancellor", "Executive"),
    ("Deputy Permanent Secretary", "Executive"),
    ("Vice President", "Executive"),
    ("VP Sales", "Executive"),
    ("EVP, Operations", "Executive"),
    ("AVP Risk", "Executive"),
    ("Senior Vice President of Marketing", "Executive"),
    ("Partner", "Executive"),
    ("Equity Partner, law firm", "Executive"),
    ("Executive Director", "Executive"),
    ("Non-Executive Director", "Executive"),
    ("Chair of the board", "Executive"),
    ("Trustee", "Executive"),
    ("General Counsel", "Executive"),
    ("Director-General", "Executive"),
    ("Senior executive", "Executive"),
    ("C-suite", "Executive"),
    # Directors
    ("Managing Director", "Director"),
    ("Finance Director", "Director"),
    ("Director of Nursing", "Director"),
    ("Clinical Director", "Director"),
    ("Medical Director", "Director"),
    ("Deputy Director", "Director"),
    ("Assistant Director", "Director"),
    ("Associate Director", "Director"),
    ("Senior Director, Product", "Director"),
    ("Country Director", "Director"),
    ("Programme Director", "Director"),
    ("Interim Director", "Director"),
    ("Dean", "Director"),
    ("Dean of the Business School", "Director"),
    # Senior leaders
    ("Head of Engineering", "Senior leader"),
    ("Head, customer insight", "Senior leader"),
    ("Department head", "Senior leader"),
    ("Deputy Head", "Senior leader"),
    ("Assistant Headteacher", "Senior leader"),
    ("Chief of Staff", "Senior leader"),
    ("Superintendent", "Senior leader"),
    ("Chief Superintendent", "Senior leader"),
    ("Colonel", "Senior leader"),
    ("Senior Civil Servant", "Senior leader"),
    ("Senior Responsible Owner", "Senior leader"),
    # Senior managers
    ("General Manager", "Senior manager"),
    ("Senior Engineering Manager", "Senior manager"),
    ("Senior Project Manager", "Senior manager"),
    ("GM, regional operations", "Senior manager"),
    # Managers
    ("Engineering Manager", "Manager"),
    ("Ward Manager", "Manager"),
    ("Store manager", "Manager"),
    ("Team Lead", "Manager"),
    ("Team Leader", "Manager"),
    ("Tech lead", "Manager"),
    ("Clinical Lead", "Manager"),
    ("Supervisor", "Manager"),
    ("Matron", "Manager"),
    ("Chief Inspector", "Manager"),
    ("Police Inspector", "Manager"),
    ("Detective Sergeant", "Manager"),
    ("Financial Controller", "Manager"),
    ("Principal Engineering Manager", "Manager"),
    ("Head Office Manager", "Manager"),
    ("First-time manager", "Manager"),
    # Specialists
    ("Software Engineer", "Specialist"),
    ("Lead Engineer", "Specialist"),
    ("Staff Engineer", "Specialist"),
    ("Principal Consultant", "Specialist"),
    ("Principal Software Engineer", "Specialist"),
    ("Data Scientist", "Specialist"),
    ("Research Scientist", "Specialist"),
    ("Researcher", "Specialist"),
    ("Senior Analyst", "Specialist"),
    ("Policy Adviser", "Specialist"),
    ("Financial Advisor", "Specialist"),
    ("Management Consultant", "Specialist"),
    ("Management accountant", "Specialist"),
    ("Middle management", "Manager"),
    ("Consultant surgeon", "Specialist"),
    ("Staff nurse", "Specialist"),
    ("General Practitioner", "Specialist"),
    ("Solicitor", "Specialist"),
    ("Barrister", "Specialist"),
    ("Senior Associate", "Specialist"),
    ("Senior Lecturer", "Specialist"),
    ("Professor of Economics", "Specialist"),
    ("Teacher", "Specialist"),
    ("Programme Officer", "Specialist"),
    ("Executive Officer", "Specialist"),
    ("Executive Assistant", "Specialist"),
    ("Account Executive", "Specialist"),
    ("Product Owner", "Specialist"),
    ("HR Business Partner", "Specialist"),
    ("People Partner", "Specialist"),
    ("Police constable", "Specialist"),
    ("Scrum master", "Specialist"),
    ("Social worker", "Specialist"),
    ("Individual contributor", "Specialist"),
    # Founders
    ("Co-Founder", "Founder"),
    ("Cofounder", "Founder"),
    ("Founder and CEO", "Founder"),
    ("Business owner", "Founder"),
    ("Owner, family business", "Founder"),
    ("Entrepreneur", "Founder"),
    ("Self-employed", "Founder"),
    ("Freelance consultant", "Founder"),
    # Spelling and punctuation do not matter
    ("vice-president", "Executive"),
    ("HEAD OF PEOPLE", "Senior leader"),
    ("Président", "Chief executive"),
    ("Directors", "Director"),
    # The part before the comma decides, the whole role is the second chance
    ("Director, reporting to the CEO", "Director"),
    ("Newly promoted, now a senior manager", "Senior manager"),
]

ROLES_NOT_PLACED = [None, "", "   ", "Career break", "Student", "Retired", "Parent returning",
                    "Portfolio career", "Leadership", "Volunteering", "n/a", "—", "Mayor",
                    "Secretary of State"]


@pytest.mark.parametrize("role, level", ROLES)
def test_role_level_places_real_world_titles(role, level):
    assert role_level(role) == level


@pytest.mark.parametrize("role", ROLES_NOT_PLACED)
def test_role_level_is_none_when_the_table_cannot_place_the_role(role):
    assert role_level(role) is None


def test_role_levels_are_the_declared_coarse_levels():
    assert role_levels() == LEVELS
    table = load("role_levels.yaml")
    assert tuple(table["levels"]) == LEVELS
    assert {rule["level"] for rule in table["rules"]} <= set(LEVELS)
    assert {level for _, level in ROLES} == set(LEVELS)   # the table above covers every level


def test_every_role_pattern_compiles_and_every_group_is_used():
    table = load("role_levels.yaml")
    patterns = [p for rule in table["rules"] for p in rule["patterns"]]
    assert all(isinstance(p, str) for p in patterns)
    for rule in facets._role_table().rules:      # compiled, groups expanded
        assert rule.patterns and rule.regex.pattern
    used = {name for p in patterns for name in re.findall(r"\{([a-z_]+)\}", p)}
    assert used == set(table["groups"])


# --- Sectors ------------------------------------------------------------------------------

SECTORS = [
    # The wordings of issue 16
    ("IT services", "Technology"),
    ("software", "Technology"),
    ("SaaS", "Technology"),
    ("fintech", "Financial services"),
    ("banking", "Financial services"),
    ("insurance", "Financial services"),
    ("NHS trust", "Healthcare"),
    ("hospital", "Healthcare"),
    ("pharma", "Healthcare"),
    ("university", "Education"),
    ("school", "Education"),
    ("local government", "Public sector"),
    ("council", "Public sector"),
    ("civil service", "Public sector"),
    ("law firm", "Professional services"),
    ("consulting", "Professional services"),
    ("accountancy", "Professional services"),
    ("NGO", "Charity and non-profit"),
    ("UN agency", "International organisation"),
    ("FMCG", "Retail"),
    ("automotive", "Manufacturing"),
    ("engineering", "Manufacturing"),
    ("energy", "Energy and utilities"),
    ("logistics", "Transport and logistics"),
    ("hospitality", "Retail"),
    ("media", "Media and creative"),
    ("telecoms", "Technology"),
    # The shipped labels map to themselves
    *[(label, label) for label in SHIPPED_SECTORS],
    # More real-world wordings
    ("Information technology", "Technology"),
    ("Software-as-a-service", "Technology"),
    ("Cyber security", "Technology"),
    ("Telecommunications", "Technology"),
    ("IT consultancy", "Technology"),
    ("Investment bank", "Financial services"),
    ("Retail banking", "Financial services"),
    ("Asset management", "Financial services"),
    ("Private equity", "Financial services"),
    ("Insurtech", "Financial services"),
    ("Building society", "Financial services"),
    ("Insurance company", "Financial services"),
    ("Pharmaceuticals", "Healthcare"),
    ("Life sciences", "Healthcare"),
    ("Biotech", "Healthcare"),
    ("Medical devices", "Healthcare"),
    ("Social care", "Healthcare"),
    ("Health and social care", "Healthcare"),
    ("University hospital", "Healthcare"),
    ("Public health", "Healthcare"),
    ("Higher education", "Education"),
    ("Further education college", "Education"),
    ("Multi-academy trust", "Education"),
    ("Secondary schools", "Education"),
    ("Edtech", "Education"),
    ("Central government", "Public sector"),
    ("County council", "Public sector"),
    ("Local authority", "Public sector"),
    ("Government agency", "Public sector"),
    ("Police", "Public sector"),
    ("Armed forces", "Public sector"),
    ("Ministry of Defence", "Public sector"),
    ("Legal services", "Professional services"),
    ("Management consultancy", "Professional services"),
    ("Engineering consultancy", "Professional services"),
    ("Executive search", "Professional services"),
    ("Audit and tax", "Professional services"),
    ("Charity", "Charity and non-profit"),
    ("Charities", "Charity and non-profit"),
    ("Not-for-profit", "Charity and non-profit"),
    ("Non profit", "Charity and non-profit"),
    ("Social enterprise", "Charity and non-profit"),
    ("Housing association", "Charity and non-profit"),
    ("International NGO", "Charity and non-profit"),
    ("Think tank", "Charity and non-profit"),
    ("United Nations", "International organisation"),
    ("Intergovernmental organization", "International organisation"),
    ("Multilateral development bank", "International organisation"),
    ("Consumer goods", "Retail"),
    ("Supermarket", "Retail"),
    ("E-commerce", "Retail"),
    ("Hotels & restaurants", "Retail"),
    ("Travel and tourism", "Retail"),
    ("Aerospace and defence", "Manufacturing"),
    ("Chemicals", "Manufacturing"),
    ("Food manufacturing", "Manufacturing"),
    ("Manufacturer", "Manufacturing"),
    ("Oil and gas", "Energy and utilities"),
    ("Renewable energy", "Energy and utilities"),
    ("Utilities", "Energy and utilities"),
    ("Water company", "Energy and utilities"),
    ("Publishing", "Media and creative"),
    ("Broadcasting", "Media and creative"),
    ("Advertising agency", "Media and creative"),
    ("Public relations", "Media and creative"),
    ("Airline", "Transport and logistics"),
    ("Rail", "Transport and logistics"),
    ("Supply chain", "Transport and logistics"),
    ("Public transport", "Transport and logistics"),
    ("Construction", "Construction and property"),
    ("Real estate", "Construction and property"),
    ("Civil engineering", "Construction and property"),
    # Head noun: the word that ends last decides; the words after "for", "serving"... do not
    ("Banking software", "Technology"),
    ("Software for banks", "Technology"),
    ("Consultancy serving the public sector", "Professional services"),
    ("Public sector IT services", "Technology"),
    ("Supplier to the automotive industry", "Manufacturing"),
    ("Technology, serving retailers", "Technology"),
    # Generic words only count when nothing else matched
    ("Tech startup", "Technology"),
    ("Fintech start-up", "Financial services"),
    ("Family-owned manufacturing business", "Manufacturing"),
    ("Startup", "Private sector company"),
    ("Multinational", "Private sector company"),
    ("Private company", "Private sector company"),
    ("Public company", "Private sector company"),
    ("Listed company", "Private sector company"),
    # Spelling and punctuation do not matter
    ("FINANCIAL SERVICES", "Financial services"),
    ("  retail  ", "Retail"),
]

SECTORS_NOT_PLACED = [None, "", "  ", "Wind turbine blades", "Defence", "Other", "Various",
                      "International", "Infrastructure", "n/a", "Confidential"]


@pytest.mark.parametrize("sector, facet", SECTORS)
def test_sector_facet_places_real_world_wordings(sector, facet):
    assert sector_facet(sector) == facet


@pytest.mark.parametrize("sector", SECTORS_NOT_PLACED)
def test_sector_facet_is_none_when_the_table_cannot_place_the_sector(sector):
    assert sector_facet(sector) is None


def test_sector_labels_are_coarse_and_include_the_shipped_ones():
    labels = sector_labels()
    assert set(SHIPPED_SECTORS) <= set(labels)
    assert len(labels) <= 15           # coarse facets are a privacy safeguard
    assert {facet for _, facet in SECTORS} <= set(labels)
    assert {facet for _, facet in SECTORS} == set(labels)   # the table covers every facet


def test_only_the_private_sector_facet_is_a_fallback():
    fallbacks = [s["label"] for s in load("sectors.yaml")["sectors"] if s.get("fallback")]
    assert fallbacks == ["Private sector company"]


# --- Themes -------------------------------------------------------------------------------

SAME_THEME = [
    ("Delegation", "delegation"),
    ("delegation ", "delegation"),
    ("  Delegation\t", "delegation"),
    ("delegating", "delegation"),
    ("Delegate", "delegation"),
    ("delegated", "delegating"),
    ("Delegations", "delegation"),
    ("new managers", "New manager"),
    ("new  managers", "new-manager"),
    ("360 feedback", "360-feedback"),
    ("360 Feedback", "360 feedback"),
    ("self-awareness", "Self awareness"),
    ("self-aware", "self awareness"),
    ("mentoring", "mentor"),
    ("Mentorship", "mentoring"),
    ("mentors", "Mentoring"),
    ("coaching", "Coach"),
    ("coaches", "coaching"),
    ("Coaching culture", "coaching cultures"),
    ("leadership", "leaders"),
    ("Leadership development", "leadership developments"),
    ("developing leaders", "develop leaders"),
    ("influence", "influencing"),
    ("Influencing", "influenced"),
    ("promotion", "promoted"),
    ("promotions", "promoting"),
    ("transition", "transitioning"),
    ("career transitions", "Career transition"),
    ("stakeholder management", "Stakeholder-Management "),
    ("managing up", "manage up"),
    ("Organisational change", "organizational change"),
    ("organising", "organization"),
    ("Prioritisation", "prioritizing"),
    ("behaviours", "behavior"),
    ("planning", "plans"),
    ("communication", "Communicating"),
    ("engagement", "engaging"),
    ("executive presence", "Executive Presence"),
    ("work/life balance", "work-life balance"),
    ("the leadership team", "leadership team"),
    ("Strategies", "strategy"),
    ("Negotiation", "negotiating"),
    ("motivation", "motivate"),
    ("Résumé", "resume"),
    ("feedback", "Feedback."),
]

DIFFERENT_THEMES = [
    ("feedback", "360 feedback"),
    ("leadership team", "team leadership"),
    ("career", "care"),
    ("influence", "influencer"),
    ("delegation", "delight"),
    ("performance", "personal mastery"),
    ("coaching", "coaching culture"),
    ("new managers", "managers"),
    ("leadership", "leadership development"),
    ("business", "busy"),
    ("trust", "truth"),
    ("stress", "strength"),
]


@pytest.mark.parametrize("a, b", SAME_THEME)
def test_spellings_of_one_theme_share_a_key(a, b):
    assert theme_key(a) == theme_key(b) != ""


@pytest.mark.parametrize("a, b", DIFFERENT_THEMES)
def test_different_themes_keep_different_keys(a, b):
    assert theme_key(a) != theme_key(b)


@pytest.mark.parametrize("theme", ["", "   ", "-", "the", "—"])
def test_a_theme_with_no_words_has_an_empty_key(theme):
    assert theme_key(theme) == ""


def test_keys_are_lower_case_words_separated_by_single_spaces():
    for a, b in SAME_THEME + DIFFERENT_THEMES:
        for key in (theme_key(a), theme_key(b)):
            assert re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", key), key


def test_canonical_themes_shows_the_most_common_spelling():
    themes = ["delegating", "Delegation", "delegation ", "New manager", "new managers",
              "new managers", "360-feedback", "360 feedback"]
    assert canonical_themes(themes) == {
        theme_key("delegation"): "delegation",       # 2 x "delegation" beats "delegating"
        theme_key("new manager"): "new managers",    # 2 beats 1
        theme_key("360 feedback"): "360-feedback",   # a tie: the first seen
    }


def test_canonical_themes_keeps_keys_in_first_seen_order_and_skips_empty_ones():
    assert list(canonical_themes(["influence", "", "  ", "Delegation", "influencing"])) == [
        theme_key("influence"), theme_key("delegation")]


@pytest.mark.parametrize("theme, shown", [
    ("Delegation", "delegation"),
    ("Executive Presence", "executive presence"),
    ("DEI", "DEI"),
    ("ESG strategy", "ESG strategy"),
    ("Setting KPIs", "setting KPIs"),
    ("C-suite presence", "C-suite presence"),
    ("Self-Awareness", "self-awareness"),
    ("DELEGATION", "delegation"),
    ("  new   managers ", "new managers"),
])
def test_canonical_display_is_lower_case_unless_an_acronym(theme, shown):
    assert canonical_themes([theme]) == {theme_key(theme): shown}


def test_canonical_themes_accepts_any_iterable():
    assert canonical_themes(t for t in ["feedback", "Feedback"]) == {"feedback": "feedback"}


def test_near_duplicates_finds_typos_and_variants():
    themes = ["feedback", "feedbak", "360 feedback", "burnout", "burn-out", "delegation",
              "Delegating", "influence", "resilience"]
    pairs = near_duplicates(themes)
    assert (theme_key("feedback"), theme_key("feedbak")) in pairs          # a typo
    assert (theme_key("feedback"), theme_key("360 feedback")) in pairs     # contains it
    assert (theme_key("burnout"), theme_key("burn-out")) in pairs          # spaces only
    assert all(a != b for a, b in pairs)                                   # distinct keys
    assert not any(theme_key("delegation") in pair for pair in pairs)      # one key, no pair
    assert not any(theme_key("influence") in pair and theme_key("resilience") in pair
                   for pair in pairs)


def test_near_duplicates_of_unrelated_themes_is_empty():
    assert near_duplicates(["delegation", "influence", "promotion", "trust", "self-awareness",
                            "executive presence", "personal mastery"]) == []
    assert near_duplicates([]) == []


def test_near_duplicates_pairs_are_in_first_seen_order():
    assert near_duplicates(["leadershp", "leadership"]) == [("leadershp", theme_key("leadership"))]


# --- The data files -----------------------------------------------------------------------

def lists_in(node, where=""):
    """Every YAML list in a data file, with where it is."""
    if isinstance(node, list):
        yield where, node
        for i, item in enumerate(node):
            yield from lists_in(item, f"{where}[{i}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from lists_in(value, f"{where}.{key}")


@pytest.mark.parametrize("name", ["role_levels.yaml", "sectors.yaml", "themes.yaml"])
def test_no_data_list_repeats_an_entry(name):
    for where, items in lists_in(load(name)):
        scalars = [repr(i) for i in items if not isinstance(i, (dict, list))]
        assert len(scalars) == len(set(scalars)), f"{name}{where} repeats an entry"


def test_no_role_pattern_is_listed_twice_anywhere():
    patterns = [p for rule in load("role_levels.yaml")["rules"] for p in rule["patterns"]]
    assert len(patterns) == len(set(patterns))


def test_no_sector_phrase_is_listed_under_two_facets():
    seen = {}
    for facet in load("sectors.yaml")["sectors"]:
        for phrase in facet["words"]:
            words = tuple(facets._sector_words(phrase))
            assert words not in seen, f"{phrase!r}: {facet['label']} and {seen[words]}"
            seen[words] = facet["label"]


@pytest.mark.parametrize("name", ["role_levels.yaml", "sectors.yaml", "themes.yaml"])
def test_every_word_in_the_data_is_a_string(name):
    # A bare `on`, `no` or `yes` in YAML is a boolean, not a word.
    for where, items in lists_in(load(name)):
        for item in items:
            assert isinstance(item, (str, dict, list)), f"{name}{where}: {item!r}"


def test_data_is_loaded_once_and_frozen():
    assert facets._role_table() is facets._role_table()
    assert facets._sector_table() is facets._sector_table()
    assert facets._word_rules() is facets._word_rules()
    with pytest.raises(AttributeError):
        facets._role_table().levels = ()          # frozen dataclass
    with pytest.raises(TypeError):
        facets._sector_table().by_first_word["x"] = ()   # read-only mapping
    assert isinstance(role_levels(), tuple) and isinstance(sector_labels(), tuple)


def test_the_module_imports_nothing_else_from_casebook():
    source = Path(facets.__file__).read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, re.M)
    assert all(not m.startswith((".", "casebook")) for m in imports), imports
