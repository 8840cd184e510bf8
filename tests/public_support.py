"""Where the public evaluation set is and the floors its scores must stay at (test_public,
test_public_html)."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from conftest import ROOT

FLOORS = yaml.safe_load((ROOT / "tests" / "corpus" / "public-floors.yml").read_text(encoding="utf-8"))


def evalset() -> Path:
    """Beside the repository (CI and the main checkout), or beside the worktrees' folder;
    ARCHIVE_PUBLIC_EVALSET names another place. Missing is a failure, never a skip."""
    named = os.environ.get("ARCHIVE_PUBLIC_EVALSET")
    places = [Path(named)] if named else [ROOT.parent / "shared" / "evalsets" / "trafilatura",
                                          ROOT.parent.parent / "shared" / "evalsets" / "trafilatura"]
    found = next((p for p in places if (p / "evaldata.json").is_file()), None)
    assert found, f"trafilatura's evaluation set is not at {' or '.join(map(str, places))}"
    return found

