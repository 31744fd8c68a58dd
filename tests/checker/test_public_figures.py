"""Public figures are not clients: well-known authors quoted in a citing context pass; a
client who shares a first name with an author is still reported. Clients are invented;
the authors are real and public."""
import pytest

from casebook.checker import lexicon

from .conftest import findings

# Ten and more clean stories, each quoting authors in a different citing style: no finding.
CLEAN = [
    "As Goleman writes, self-awareness comes first. We read Daniel Goleman on emotional "
    "intelligence before our third session.",
    "Dweck's research on mindset gave the director a new language. Carol Dweck calls it the "
    "power of yet.",
    "According to Carol Dweck, effort is a skill. The director underlined that twice.",
    "We used Lencioni's model with the executive team (Lencioni, 2002), starting with trust.",
    "Kim Scott's Radical Candor gave her words for feedback that cares and challenges.",
    "She reread *Dare to Lead* by Brené Brown over the summer and brought notes to each session.",
    "Emotional intelligence (Goleman, 1995) framed the first half of our work.",
    "Amy Edmondson, a Harvard professor, describes psychological safety as a shared belief.",
    "The work of Edgar Schein shaped our contracting; his *Humble Inquiry* sat on the table.",
    "As Marshall Goldsmith puts it, what got you here won't get you there.",
    "> Clear is kind. Unclear is unkind.\n>\n> — Brené Brown",
    "We borrowed a question from Nancy Kline's Thinking Environment and from Time to Think.",
    "Simon Sinek says start with why; the director started every team meeting that way.",
    "Peter Hawkins writes about systemic team coaching. Hawkins's five disciplines framed it.",
    "Adam Grant, an organisational psychologist, calls them givers and takers.",
    "We drew on Heifetz and Linsky's adaptive leadership (Heifetz & Linsky, 2002).",
    "She kept coming back to Getting to Yes by Roger Fisher and William Ury.",
    "Sir John Whitmore's GROW model structured our first three sessions.",
    "According to Manfred Kets de Vries, many leaders avoid the couch they most need.",
    "Kegan and Lahey's immunity to change map (Kegan & Lahey, 2009) surfaced her big "
    "assumption.",
]


@pytest.mark.parametrize("body", CLEAN)
def test_cited_public_figure_is_no_finding(body):
    assert [(f.text, f.category, f.rule) for f in findings(body)] == []


# (text, the findings expected as (text, category)): clients who share a name with an author.
FLAGGED = [
    ("Carol said she felt stuck.", [("Carol", "PERSON")]),
    ("According to Carol Dweck, effort matters. Carol said she felt stuck.",
     [("Carol", "PERSON")]),
    ("Simon joined us late. Simon Sinek says start with why.", [("Simon", "PERSON")]),
    ("Daniel asked for a break. We read Daniel Kahneman on fast and slow thinking.",
     [("Daniel", "PERSON")]),
    ("Grant joined us in the spring. Adam Grant writes about givers.", [("Grant", "PERSON")]),
    ("Brené asked me what vulnerability looks like at work.", [("Brené", "PERSON")]),
    # a listed name without any citing context is reported like any other name
    ("Simon Sinek joined the call on Tuesday.", [("Simon Sinek", "PERSON")]),
    # a surname alone, with no full name and no formal citation, is not taken for the author
    ("Kim asked what Scott had said to the board.", [("Kim", "PERSON"), ("Scott", "PERSON")]),
]


@pytest.mark.parametrize("body,expected", FLAGGED)
def test_client_sharing_an_authors_name_is_flagged(body, expected):
    got = [(f.text, f.category) for f in findings(body)]
    assert got == expected


def test_surname_alone_needs_a_citing_context_too():
    body = "We read Edgar Schein on culture. Schein arrived late to the meeting."
    assert [(f.text, f.category) for f in findings(body)] == [("Schein", "PERSON")]


def test_a_citation_year_is_not_a_date_but_a_clients_year_is():
    body = "Emotional intelligence (Goleman, 1995) helped. She was promoted in 2019."
    assert [(f.text, f.category) for f in findings(body)] == [("2019", "DATE")]


def test_public_figures_list_is_large_and_well_formed():
    names = lexicon.entries("public_figures")
    assert len(names) >= 300
    assert all(len(v.split()) >= 2 for line in names for v in line)
    cues = lexicon.table("citing_cues")
    for key in ("before", "roles", "as_then", "after", "possessive"):
        words = [w.strip().casefold() for w in cues[key]]
        assert words and len(words) == len(set(words)), key
