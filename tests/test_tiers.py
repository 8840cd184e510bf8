"""The test tiers hold: a test marked too lightly for what it uses is refused, at collection for
its fixtures and when it starts a process for what that process is (see conftest.py)."""
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
    (["/usr/bin/linkchecker", "-f", "rc"], {"tools"}),
    (["/usr/bin/java", "-jar", "vnu.jar"], {"tools"}),
    (["/venv/playwright/driver/node", "cli.js", "run-driver"], {"browser"}),
    (["git", "status"], set()),
    ("echo build", set()),
])
def test_commands_fall_in_their_tiers(argv, tiers):
    assert conftest.tiers_of([argv] if isinstance(argv, str) else argv) == tiers


class Item:
    def __init__(self, fixtures, marks):
        self.nodeid, self.fixturenames, self.marks = "tests/test_x.py::test_x", fixtures, marks

    def iter_markers(self):
        return [pytest.mark.__getattr__(name).mark for name in self.marks]


def test_a_test_using_a_built_site_or_a_browser_unmarked_is_refused():
    with pytest.raises(pytest.UsageError, match="uses built_site, so it must be marked build"):
        conftest.pytest_collection_modifyitems(None, [Item(["built_site"], [])])
    with pytest.raises(pytest.UsageError, match="uses zensical_site, so it must be marked tools"):
        conftest.pytest_collection_modifyitems(None, [Item(["zensical_site"], ["build"])])
    with pytest.raises(pytest.UsageError, match="uses browser, so it must be marked browser"):
        conftest.pytest_collection_modifyitems(None, [Item(["browser", "built_site"], ["build"])])
    conftest.pytest_collection_modifyitems(None, [Item(["browser", "built_site"], ["build", "browser"])])


def test_a_test_starting_a_build_unmarked_fails_before_the_process_starts():
    conftest._running.append({"slow"})
    try:
        with pytest.raises(AssertionError, match="mark it build"):
            subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"])
    finally:
        conftest._running.pop()
    done = subprocess.run([sys.executable, "-c", "print('unit')"], capture_output=True, text=True)
    assert done.stdout == "unit\n"
