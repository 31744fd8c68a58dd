"""PERSON, ORG and LOCATION: invented names, and the look-alikes that must pass."""
import pytest

from .conftest import covered, findings, texts

NAMES = {"PERSON", "ORG", "LOCATION", "IMAGE"}

POSITIVE = [
    # (body, needle that must be covered, category)
    ("After a month, Priyanka asked for more scope.", "Priyanka", "PERSON"),
    ("I met Ms Okonkwo-Bell at the session.", "Ms Okonkwo-Bell", "PERSON"),
    ("We reviewed Tobias's plan together.", "Tobias", "PERSON"),
    ("Each week Grace brought a new question.", "Grace", "PERSON"),
    ("By then Will had stopped apologising.", "Will", "PERSON"),
    ("The feedback from Hope was blunt.", "Hope", "PERSON"),
    # sentence starts: names that are only nouns, appositives, surnames
    ("Faustina asked me to wait a week.", "Faustina", "PERSON"),
    ("Joy, her deputy, covered the night shifts.", "Joy", "PERSON"),
    ("Nkechi, a finance director, chaired the panel.", "Nkechi", "PERSON"),
    ("Rose Pemberton-Hale had been in post four days.", "Rose Pemberton-Hale", "PERSON"),
    ("She had led sales at Ferrowick Partners for years.", "Ferrowick Partners", "ORG"),
    ("He joined the Dunmore Institute as a researcher.", "Dunmore Institute", "ORG"),
    ("They moved her to Brantmoor Bank after the merger.", "Brantmoor Bank", "ORG"),
    ("She left Quillan to start again.", "Quillan", "ORG"),
    # firms whose names are ordinary words, found by their cues
    ("In the autumn she joined Bramble as finance lead.", "Bramble", "ORG"),
    ("He had spent a decade at Juniper before the move.", "Juniper", "ORG"),
    ("Everyone knew Lantern's board would object.", "Lantern", "ORG"),
    ("Director, Operations at Heron Logistics", "Heron Logistics", "ORG"),
    ("Our sessions took place in Manchester most weeks.", "Manchester", "LOCATION"),
    ("She ran the Swindon office for a decade.", "Swindon", "LOCATION"),
    ("The team sat at 40 Marlowe Street on the third floor.", "Marlowe Street", "LOCATION"),
    ("Reports went to the Ashgrove campus every Friday.", "Ashgrove", "LOCATION"),
]

NEGATIVE = [
    "The Managing Director asked the Head of Production to join.",
    "She reported to the Secretary-General and the Board.",
    "We used a 360° survey, the DiSC profile and the GROW model.",
    "Her KPIs and OKRs were reviewed every Monday.",
    "Over 12 months she grew in confidence.",
    "Last year the Executive Team met every Tuesday.",
    "Delegating was hard. Listening was harder.",
    "She worked for a global bank in a Northern city.",
    "The French and German teams joined the Family Council.",
    "Before Christmas and after Easter she took leave.",
    "Hope is not a strategy, she said.",
    "Will you lead the next session?",
    "Mark my words, she said, this will work.",
    "By the Spring the Learning Sets were running themselves.",
    "We both reread *The Mindful Leader* over the summer.",
    "She was picked for the Young Leaders scheme in her first year.",
    "We used the Situational Leadership model with every manager.",
    "Art therapy was not for her.".replace("Art therapy", "Reading groups"),
]


@pytest.mark.parametrize("body,needle,category", POSITIVE)
def test_name_found(body, needle, category):
    assert covered(body, needle, NAMES)
    cats = {f.category for f in findings(body, categories=NAMES)
            if needle in f.text or f.text in needle}
    assert category in cats


@pytest.mark.parametrize("body", NEGATIVE)
def test_not_a_name(body):
    assert texts(body, NAMES) == []


def test_declared_pseudonym_is_accepted():
    body = "Anouk asked for feedback. Later Anouk's team agreed."
    assert texts(body, NAMES, pseudonyms=["Anouk"]) == []
    assert texts(body, NAMES)  # the same text without the declaration is a leak


def test_project_and_story_allow_lists():
    body = "We read a chapter by Edgar Schein on culture."
    assert texts(body, NAMES, project_allow=["Edgar Schein"]) == []
    assert texts(body, NAMES, allow=["Edgar Schein"]) == []


def test_a_name_found_once_is_found_everywhere():
    body = ("We worked with Rosalind Achterberg for a year.\n\n"
            "Rosalind said it helped. Achterberg agreed.")
    fs = texts(body, NAMES)
    assert fs.count("Rosalind") >= 1 and "Achterberg" in fs


def test_lowercase_word_is_not_the_name():
    body = "Each week Dawn arrived early. At dawn the site was quiet."
    spans = texts(body, NAMES)
    assert spans == ["Dawn"]
