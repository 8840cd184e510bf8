"""The test tiers hold: a test using a fixture of a tier is put in it when the tests are collected,
and, when tiers are selected, a test that starts a process of a tier it is not marked for fails
(see conftest.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

import conftest


@pytest.mark.parametrize("argv, tiers", [
    (["/x/.venv/bin/archive", "--root", "/tmp/a", "build"], {"build"}),
    ([sys.executable, "-m", "archive.cli", "build", "--force"], {"build"}),
    (["/x/.venv/bin/archive", "--root", "/tmp/a", "check"], set()),
    (["/x/.venv/bin/archive", "new", "page.txt"], set()),
    ([sys.executable, "-m", "mkdocs", "build", "--strict"], {"build"}),
    ([sys.executable, "-m", "mkdocs", "serve", "-a", "127.0.0.1:8000"], {"build"}),
    ([sys.executable, "-m", "zensical", "build", "--clean"], {"build", "tools"}),
    (["/venv/lib/python3.11/site-packages/pagefind_bin/pagefind", "--site", "site"], {"build"}),
    (["/usr/bin/nice", "-n", "10", "/venv/lib/python3.11/site-packages/pagefind_bin/pagefind", "--site", "s"], {"build"}),
    (["/usr/bin/linkchecker", "-f", "rc"], {"tools"}),
    (["/usr/bin/java", "-jar", "vnu.jar"], {"tools"}),
    (["/venv/playwright/driver/node", "cli.js", "run-driver"], {"browser"}),
    ([sys.executable, "scripts/bench.py", "--editor", "--sizes", "5"], {"build"}),
    ([sys.executable, "scripts/bench.py", "--help"], set()),
    (["git", "status"], set()),
    ("echo build", set()),
])
def test_commands_fall_in_their_tiers(argv, tiers):
    assert conftest.tiers_of([argv] if isinstance(argv, str) else argv) == tiers


class Item:
    def __init__(self, fixtures, marks):
        self.nodeid, self.fixturenames, self.marks = "tests/test_x.py::test_x", fixtures, list(marks)

    def iter_markers(self):
        return [pytest.mark.__getattr__(name).mark for name in self.marks]

    def add_marker(self, name):
        self.marks.append(name)


@pytest.mark.parametrize("fixtures, marks, tiers", [
    (["built_site"], [], ["build"]),
    (["zensical_site"], ["build"], ["build", "tools"]),
    (["browser", "site_url"], [], ["browser", "build"]),
    (["browser", "built_site"], ["build", "browser"], ["browser", "build"]),
    (["tmp_path"], ["slow"], ["slow"]),
])
def test_a_test_using_a_fixture_of_a_tier_is_in_that_tier(fixtures, marks, tiers):
    item = Item(fixtures, marks)
    conftest.pytest_collection_modifyitems(None, [item])
    assert sorted(item.marks) == tiers


def test_a_test_starting_a_build_unmarked_fails_before_the_process_starts():
    conftest._running.append({"slow"})
    checking, conftest._checking[0] = conftest._checking[0], True
    try:
        with pytest.raises(AssertionError, match="mark it build"):
            subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"])
    finally:
        conftest._running.pop()
        conftest._checking[0] = checking
    done = subprocess.run([sys.executable, "-c", "print('unit')"], capture_output=True, text=True)
    assert done.stdout == "unit\n"
