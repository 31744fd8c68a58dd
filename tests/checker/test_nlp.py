"""The spaCy pipeline is loaded without the shared tok2vec only when nothing kept listens to
it, and then labels exactly what the pipeline with it labels."""
from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from casebook.checker import nlp  # noqa: E402

HERE = Path(__file__).resolve().parents[1]


def _installed():
    m = nlp.model()
    if m is None:
        pytest.skip("no spaCy model installed")
    return m


def test_the_installed_model_runs_its_ner_alone():
    m = _installed()
    # en_core_web_sm 3.x: only the (excluded) tagger and parser listen to the shared tok2vec.
    assert nlp.SHARED not in m.pipe_names
    assert "ner" in m.pipe_names
    assert not any(nlp._listens(p) for _, p in m.components)


def _sentences() -> list[str]:
    """Prose lines of the held-out stories, long enough to hold names."""
    out = []
    for f in sorted((HERE / "heldout").glob("*.md")):
        out += [ln for ln in f.read_text(encoding="utf-8").splitlines() if len(ln) > 30]
    return out


def test_ner_without_the_shared_tok2vec_labels_as_with_it():
    m = _installed()
    name = next(n for n in nlp.MODELS if _loads(n))
    # The definition: the pipeline as first loaded, with the shared tok2vec.
    oracle = spacy.load(name, exclude=list(nlp.DISABLED))
    assert nlp.SHARED in oracle.pipe_names
    texts = _sentences()
    assert texts

    def ents(pipeline):
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                for d in pipeline.pipe(texts)]
    assert ents(m) == ents(oracle)


def _loads(name: str) -> bool:
    try:
        spacy.load(name, exclude=list(nlp.DISABLED))
        return True
    except (OSError, ImportError):
        return False


def test_a_component_that_listens_keeps_the_shared_tok2vec(tmp_path):
    """A model whose NER reads the shared tok2vec (a listener) is loaded with it, and runs."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("tok2vec")
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}
    ner = pipeline.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 16, "maxout_pieces": 2,
        "use_upper": True, "nO": None, "tok2vec": listener}})
    ner.add_label("PERSON")
    pipeline.initialize()
    assert nlp._listens(ner)
    pipeline.to_disk(tmp_path / "listening")

    loaded = nlp._load(str(tmp_path / "listening"))
    assert loaded.pipe_names == ["tok2vec", "ner"]
    assert list(loaded.pipe(["Priya met Anna in Leeds."]))


def test_a_component_with_its_own_embedding_drops_it(tmp_path):
    pipeline = spacy.blank("en")
    pipeline.add_pipe("tok2vec")
    ner = pipeline.add_pipe("ner")        # spaCy's default NER embeds its own tok2vec
    ner.add_label("PERSON")
    pipeline.initialize()
    assert not nlp._listens(ner)
    pipeline.to_disk(tmp_path / "own")

    loaded = nlp._load(str(tmp_path / "own"))
    assert loaded.pipe_names == ["ner"]
    assert list(loaded.pipe(["Priya met Anna in Leeds."]))


def test_a_spacy_that_refuses_the_pipeline_without_tok2vec_loads_it_with(monkeypatch):
    _installed()
    real = spacy.load

    def picky(name, exclude=()):
        if nlp.SHARED in exclude:
            raise ValueError("a component needs tok2vec")
        return real(name, exclude=exclude)
    monkeypatch.setattr(spacy, "load", picky)
    name = next(n for n in nlp.MODELS if spacy.util.is_package(n))
    pipeline = nlp._load(name)
    assert "tok2vec" in pipeline.pipe_names and "ner" in pipeline.pipe_names
