"""The sample test site (tests/sample_site.py) with publishconf.py and the fixture owner."""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[3]), str(Path(__file__).resolve().parents[1])]
from publishconf import *  # noqa: E402,F403
from fixture_site import *  # noqa: E402,F403

AUTHORS = dict(AUTHORS, **{"Samir Haddad": dict(AUTHORS["Samir Haddad"], image="images/samir.jpg",  # noqa: F405
                                                 image_alt="Illustration: porträtt av en man i grå tröja.")})
