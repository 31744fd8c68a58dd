"""Detectors, one per module. Import order is run order (see registry.py): structured
identifiers first, so that names inside an email or URL are not reported twice; the
hashtag and image detectors last, because they use the names found before them."""
from . import (email, url, ids, phone, postcode, dates, quasi, propernoun,  # noqa: F401
               handle, image)
