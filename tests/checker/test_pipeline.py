"""The pipeline: each detector is a pure function of a read-only document, callable alone;
name detection returns its names; post-processors take and return hits."""
import dataclasses

import pytest

from casebook.checker import pipeline
from casebook.checker.detectors import email, handle, image, propernoun, url
from casebook.checker.document import build
from casebook.checker.registry import NO_PRIOR, Prior

from .conftest import story_of


def doc_of(body, **kw):
    return build(story_of(body, **kw))


def snapshot(doc):
    return {f.name: repr(getattr(doc, f.name)) for f in dataclasses.fields(doc)
            if f.name != "_memo"}


@pytest.mark.parametrize("find", [f for _, _, f in pipeline.IDENTIFIERS] +
                         [pipeline.NAMES[2]] + [f for _, _, f in pipeline.LATE])
def test_every_detector_is_a_pure_function_of_the_document(find):
    doc = doc_of("Write to vesna@quorvane.io or see quorvane.io/team. Dr Ostrava joined "
                 "Brimble Partners in March 2021 #BrimbleProud ![Vesna](img/vesna.jpg)")
    before = snapshot(doc)
    first, second = list(find(doc, NO_PRIOR)), list(find(doc, NO_PRIOR))
    assert first == second
    assert snapshot(doc) == before


def test_a_detector_alone():
    doc = doc_of("Write to vesna@quorvane.io today.")
    assert [h.rule for h in email.find(doc)] == ["address"]


def test_an_earlier_email_claims_its_text_from_later_detectors():
    doc = doc_of("Write to Vesna.Kallio@quorvane.io today.")
    assert propernoun.find(doc)                                   # alone, it reads a name
    assert propernoun.find(doc, Prior(email.find(doc))) == []     # after email: claimed
    assert url.find(doc, Prior(email.find(doc))) == []


def test_name_detection_returns_its_names():
    doc = doc_of("Dr Ostrava met Will Kallio at Brimble Partners. Will said no.")
    hits = propernoun.find(doc)
    names = propernoun.names_of(doc, hits)
    assert {"Dr Ostrava", "Will Kallio", "Will", "Brimble Partners", "Brimble"} <= set(names)
    assert names["Brimble Partners"] == "ORG"
    repeats = propernoun.propagate(doc, hits)
    assert [doc.text[h.start:h.end] for h in repeats] == ["Will"]
    assert all(h.rule == "repeat" for h in repeats)


def test_post_processors_take_and_return_hits():
    doc = doc_of("Vesna Kallio led it. #teamkallio #BrimbleProud ![Vesna Kallio](a/b.jpg)")
    hits = propernoun.find(doc)
    names = propernoun.names_of(doc, hits)
    tags = handle.find(doc)
    assert [h.rule for h in tags] == ["hashtag-brand"]
    assert sorted(h.rule for h in handle.hashtag_names(doc, tags, names)) == \
        ["hashtag-brand", "hashtag-name"]
    moved = image.alt_text(doc, hits)
    assert [h.category for h in moved][-1] == "IMAGE"
    assert len(moved) == len(hits)


def test_pipeline_order_is_explicit_and_complete():
    assert list(pipeline.DETECTORS) == ["email", "url", "ids", "phone", "postcode", "dates",
                                        "quasi", "propernoun", "handle", "image"]


def test_importing_the_detectors_registers_nothing():
    """No behaviour depends on import order: the detectors package imports nothing."""
    import ast
    from pathlib import Path
    tree = ast.parse(Path(pipeline.__file__).with_name("detectors").joinpath(
        "__init__.py").read_text())
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
