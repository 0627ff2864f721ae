"""Where the official conformance material is: ../shared/conformance beside the project (CI has it).

It is third-party test data, read at test time and never copied into the project; a user's clone
usually lacks it, and the tests that need it skip with this reason.
"""

from __future__ import annotations

import pytest

from tests.sitebuild import ROOT

CONFORMANCE = ROOT.parent / "shared" / "conformance"
needs_conformance = pytest.mark.skipif(
    not (CONFORMANCE / "material").is_dir(),
    reason=f"{CONFORMANCE} is not here (the conformance material is never copied into the project)",
)
