"""Detectors, one per module, each a pure function `find(doc, prior) -> list[Hit]` (and the
post-processors some of them bring). Importing this package registers nothing: the order they
run in is `checker/pipeline.py`'s."""
