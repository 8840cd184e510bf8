"""The scale benchmark's package, scripts/benchmark/, for the tests of its generator and
measurer (and of the synthetic archives other tests build with it): scripts/ on the path, as
scripts/bench.py puts it there."""
from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT

SCRIPTS = ROOT / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from benchmark import corpus, processes, report, run, seeds, site, synthetic  # noqa: E402,F401


def load_bench():
    """scripts/bench.py, the entry point, as a module."""
    spec = importlib.util.spec_from_file_location("bench", SCRIPTS / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module
