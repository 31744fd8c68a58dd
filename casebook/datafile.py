"""Reading casebook's own YAML data files (casebook/data/): with libyaml's safe loader when
PyYAML was built with it, else PyYAML's pure-Python one. The two give the same data; the C
one is about ten times faster, and every build and check reads a dozen of these files before
its first story (0.25 s of a build's start went to the Python loader)."""
from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source):
    """`yaml.safe_load(source)` (a string or an open file), with the faster loader."""
    return yaml.load(source, Loader=LOADER)
