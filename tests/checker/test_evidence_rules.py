"""Evidence rules of the proper-noun detector, one table per rule: (text, expected spans).

Every name here is invented. An expected span is (text, category); the table asserts that
the names found in the text are exactly these (other categories, such as dates, are not
looked at unless the table says so).
"""
import pytest

from .conftest import findings

NAMES = ("PERSON", "ORG", "LOCATION")


def spans(body, categories=NAMES):
    return sorted({(f.text, f.category) for f in findings(body, categories=categories)})


def check_table(body, expected, categories=NAMES):
    """`expected` holds (text, category) pairs, or bare texts when any name category will do."""
    got = spans(body, categories)
    if all(isinstance(x, str) for x in expected):
        assert sorted({t for t, _ in got}) == sorted(set(expected))
    else:
        assert got == sorted(set(expected))


# -------------------------------------------------------------------------- propagation
PROPAGATION = [
    # A found organisation spreads its capitalised name words, never its function words.
    ("She joined the Dranvel College of Brisk Arts Ltd in May. Most of the staff were fond "
     "of it, and the head of Dranvel spoke for all of them.",
     ["Dranvel College of Brisk Arts Ltd", "Dranvel"]),
    ("Amara de Vlieghe chaired the panel; much of the de facto work fell to Amara.",
     ["Amara", "Vlieghe"]),
]


@pytest.mark.parametrize("body,expected", PROPAGATION)
def test_propagation_spreads_only_name_words(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- acronyms
ACRONYMS = [
    # a short form no one uses generically: an employer or initials
    ("She had led the data team at QVX for six years.", [("QVX", "ORG")]),
    # plural: a kind of thing, not one organisation
    ("Most of her clients were SMEs and a few CXOs.", []),
    # an ordinary word in capitals is emphasis
    ("She would NEVER delegate the budget, she said.", []),
    # science and level codes are vocabulary
    ("Her lab worked on RNA vaccines; her German was at B2 level.", []),
    # defined by a generic expansion: explained away, here and later
    ("The Graduate Careers Office (GCO) ran the scheme. Later the GCO doubled it.", []),
    ("We drew on continuing professional learning (CPL) research; CPL matters.", []),
    # defined by an expansion with a name in it: ORG, even when the acronym is a word
    ("She joined Brindlecombe Academies Trust (BAT). The BAT board agreed.",
     ["Brindlecombe Academies Trust", "BAT"]),
    ("The deal was with the Vorsland Nurses Organisation (VNO) that spring.",
     ["Vorsland Nurses Organisation", "VNO"]),
]


@pytest.mark.parametrize("body,expected", ACRONYMS)
def test_acronym_rules(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- org cues and glued forms
ORG_FORMS = [
    # a kind-of-organisation noun right before an ordinary word makes it a firm
    ("For the grocery retailer Harvest the turnaround began with the stores.",
     [("Harvest", "ORG")]),
    ("They were a distant second to their main competitor, Lantern.", [("Lantern", "ORG")]),
    # ex-Firm and Firm-based
    ("She hired two ex-Quillan engineers for the team.", [("Quillan", "ORG")]),
    ("A Fennick-based team of six ran the pilot.", [("Fennick", "ORG")]),
    ("Our Brisbane-based staff joined by video.", [("Brisbane", "LOCATION")]),
    # titles, countries, nationalities and methods glued to the same forms identify no one
    ("The ex-Army officer led a UK-based, Dutch-owned team.", []),
    ("We ran strengths-based and Telephone-based coaching.", []),
    # a capitalised noun after an article, or before a number, is emphasis or a label
    ("Explore the Reality, then the Options, with Cohort 2 and Module 3.", []),
]


@pytest.mark.parametrize("body,expected", ORG_FORMS)
def test_org_cue_and_glued_forms(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- names in headings, expansions
HEADINGS_AND_EXPANSIONS = [
    # two capitalised non-words are a name even in a heading or a signature line
    ("## Tembeka Mvula – a short story\n\nIt went well.\n\n*Tembeka Mvula*\n",
     ["Tembeka Mvula"]),
    # an acronym head makes a weak organisation word an organisation
    ("— Amos Kariuki, QRT Training Academy, on the panel", ["Amos Kariuki", "QRT Training Academy"]),
    # a spelled-out acronym of a name: both forms are found
    ("The deal with the Vorsland Nurses Organisation (VNO) held; the VNO agreed.",
     ["Vorsland Nurses Organisation", "VNO"]),
    # ordinary words in a heading stay ordinary
    ("## Annual Review and Human Resources\n\nThe Strategy Lead met us.", []),
]


@pytest.mark.parametrize("body,expected", HEADINGS_AND_EXPANSIONS)
def test_headings_and_expansions(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- initials, org heads, dates in words
MORE = [
    ("The participants were JB, KL and MO; my client JB spoke first.",
     [("JB", "PERSON"), ("KL", "PERSON"), ("MO", "PERSON")]),
    ("She moved from the Ministry of Quay Affairs to the Institute for Fen Studies.",
     [("Ministry of Quay Affairs", "ORG"), ("Institute for Fen Studies", "ORG")]),
    # titles and governance bodies after the same heads identify no one
    ("The Board of Directors asked the Head of Production to join.", []),
]


@pytest.mark.parametrize("body,expected", MORE)
def test_initials_and_org_heads(body, expected):
    check_table(body, expected)


DATES_IN_WORDS = [
    ("It began in the spring of two thousand and nineteen.",
     ["spring of two thousand and nineteen"]),
    ("By twenty twenty-one she had left.", ["twenty twenty-one"]),
    ("Twenty people came and nineteen stayed.", []),
]


@pytest.mark.parametrize("body,expected", DATES_IN_WORDS)
def test_dates_in_words(body, expected):
    assert sorted(f.text for f in findings(body, categories=("DATE",))) == expected


# -------------------------------------------------------------------------- well-known employers
# Names from the stock-index list (gazetteers/employers.txt), none from the labelled sets;
# the people and the rest are invented.
EMPLOYERS = [
    # a name that is no English word counts without a cue, a sentence start included
    ("Experian hired her in the autumn.", [("Experian", "ORG")]),
    ("She spent ten years at Haleon before the move.", [("Haleon", "ORG")]),
    # a multiword name counts anywhere, also after an ordinary sentence-start word
    ("Then Anglo American offered her a role.", [("Anglo American", "ORG")]),
    ("Home Depot recruited her straight from college.", [("Home Depot", "ORG")]),
    # an ordinary-word name counts only with other evidence: a cue, a possessive, ex-/-based
    ("She joined Next as a buyer.", [("Next", "ORG")]),
    ("She left Apple's design team in the spring.", [("Apple", "ORG")]),
    ("She was ex-Shell and proud of it.", [("Shell", "ORG")]),
    # ... and not alone: an ordinary sentence, a common noun, a heading
    ("Next, we looked at the budget. Sage advice came from her mentor.", []),
    ("Apple was the only fruit she ate. Compass points help walkers.", []),
    ("## Shell and Target\n\nShe set a target.", []),
    # a department named like a listed firm made of title words needs a cue
    ("She was head of the Healthcare Services team.", []),
    # a cited author stays a public figure next to an employer
    ('As Carol Dweck writes, "effort matters"; Experian agreed.', [("Experian", "ORG")]),
    # an author whose surname is also a listed firm stays an author once cited
    ("Carl Rogers wrote about positive regard. Rogers's client-centred approach helped her.",
     []),
    ("According to Anders Ericsson, practice matters. Ericsson's research is clear.", []),
]


@pytest.mark.parametrize("body,expected", EMPLOYERS)
def test_well_known_employers(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- first names at a sentence start
SENTENCE_START_FIRST_NAMES = [
    # a common-word first name at a sentence start, with person evidence after it
    ("Mark from estates said the boiler was fine.", [("Mark", "PERSON")]),
    ("Joy from HR sent the forms on Friday.", [("Joy", "PERSON")]),
    ("Mark from the payroll team rang twice.", [("Mark", "PERSON")]),
    ("Joy told me she was tired of the meetings.", [("Joy", "PERSON")]),
    ("Joy felt that the plan was late.", [("Joy", "PERSON")]),
    ("Joy's manager asked for a second session.", [("Joy", "PERSON")]),
    ("Grace, the new finance lead, agreed at once.", [("Grace", "PERSON")]),
    # ordinary sentence starts: no person evidence, a month, a noun's possessive
    ("Will this work? May was busy with the audit.", []),
    ("Hope is not a strategy. Hope felt distant that winter.", []),
    ("Hope from the start was thin. Mark the date in the diary.", []),
    ("Hope's role in recovery is large. Frank feedback helps.", []),
    ("Summer was busy. Dawn broke over the hills.", []),
    # a Title Case heading is no sentence
    ("## Will Said Yes\n\nThe team agreed.", []),
]


@pytest.mark.parametrize("body,expected", SENTENCE_START_FIRST_NAMES)
def test_sentence_start_first_names(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- places that are no cities
PLACES = [
    # a capitalised word before a place head noun, a sentence start and a heading included
    ("We walked in the New Forest and the Lake District.",
     [("New Forest", "LOCATION"), ("Lake District", "LOCATION")]),
    ("She grew up in the Yorkshire Dales, near the Brisk Peninsula.",
     [("Yorkshire Dales", "LOCATION"), ("Brisk Peninsula", "LOCATION")]),
    ("The Quorvane Hills were steep that year.", [("Quorvane Hills", "LOCATION")]),
    ("In Peak District villages the pubs were full.", [("Peak District", "LOCATION")]),
    # a city of two words is a city even when one of them is a title word
    ("Her team moved to Cape Town in the end.", [("Cape Town", "LOCATION")]),
    # generic and region-level phrases name no one place
    ("She moved to the East Coast and then to the Scottish Highlands.", []),
    ("The Central Business District was busy; she lived on the Welsh Borders.", []),
]


@pytest.mark.parametrize("body,expected", PLACES)
def test_places_that_are_no_cities(body, expected):
    check_table(body, expected)


# -------------------------------------------------------------------------- names in other scripts
# Invented names, written in their own scripts inside English prose.
NON_LATIN = [
    ("Иванка Дробова joined the team in spring.", [("Иванка Дробова", "PERSON")]),
    ("My client 山川花子 said yes at once.", [("山川花子", "PERSON")]),
    ("Her manager, 김소린, was kind; she then worked for ヤマダ・テック.",
     [("김소린", "PERSON"), ("ヤマダ・テック", "PERSON")]),
    ("सुनीता वर्मानी was the new CFO, and דורית כנר wrote to her.",
     [("सुनीता वर्मानी", "PERSON"), ("דורית כנר", "PERSON")]),
    ("She called سمیرا and later ส้มโอ.", [("سمیرا", "PERSON"), ("ส้มโอ", "PERSON")]),
    ("Halfwidth forms count too: she joined ﾖﾂﾊﾞ then.", [("ﾖﾂﾊﾞ", "PERSON")]),
    # single letters are symbols; accented Latin is Latin
    ("The β coefficient and the α level were fine; her naïve café plan worked.", []),
]


@pytest.mark.parametrize("body,expected", NON_LATIN)
def test_names_in_other_scripts(body, expected):
    check_table(body, expected)


def test_a_name_in_another_script_says_which_script():
    fs = findings("My client Иванка Дробова agreed.", categories=NAMES)
    assert [(f.text, f.rule) for f in fs] == [("Иванка Дробова", "non-latin-name")]
    assert "a name written in Cyrillic script" in fs[0].message


def test_the_normalised_reading_keeps_other_scripts():
    # the second reading folds compatibility forms, never one script into another: the
    # name is found once, in the coach's own characters
    import unicodedata

    from casebook.checker.normalise import normalise
    for name in ("Иванка Дробова", "山川花子", "सुनीता", "דורית"):
        assert normalise(name).text == name
    assert unicodedata.normalize("NFC", normalise("ﾖﾂﾊﾞ").text) == "ヨツバ"
    fs = findings("She joined ﾖﾂﾊﾞ in the end.", categories=NAMES)
    assert [f.text for f in fs] == ["ﾖﾂﾊﾞ"]
