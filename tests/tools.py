"""Locate the external tools the test suite drives.

Every function returns something ready to use, or raises :class:`ToolNotFound`
(a ``RuntimeError``) naming what is missing and how to install it.
``scripts/dev test`` installs all of them (Debian packages via apt-get, the
npm packages via ``npm ci --prefix scripts``).

Only the standard library is used, so this module can be imported anywhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO_ROOT / "scripts" / "node_modules"

CHROMIUM = Path("/usr/bin/chromium")
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"

_SETUP = "run `scripts/dev test` once (it installs all test tools)"
_NPM = f"{_SETUP}, or `npm ci --prefix scripts` from the repository root"


class ToolNotFound(RuntimeError):
    """An external tool needed by the tests is not installed."""


def _which(name: str, *fallbacks: Path) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in fallbacks:
        if candidate.is_file():
            return str(candidate)
    return None


def chromium_path() -> str:
    """Path of Debian's Chromium (``/usr/bin/chromium``)."""
    if CHROMIUM.is_file():
        return str(CHROMIUM)
    found = shutil.which("chromium")
    if found:
        return found
    raise ToolNotFound(
        f"Chromium not found at {CHROMIUM} or on PATH; "
        f"install it with `apt-get install chromium` or {_SETUP}"
    )


def vnu_command() -> list[str]:
    """Command to run the Nu HTML Checker: ``[java, "-jar", vnu.jar]``."""
    java = _which("java", Path("/usr/bin/java"))
    if java is None:
        raise ToolNotFound(
            "Java not found on PATH (needed for the Nu HTML Checker); "
            f"install it with `apt-get install default-jre-headless` or {_SETUP}"
        )
    if not VNU_JAR.is_file():
        raise ToolNotFound(f"Nu HTML Checker jar not found at {VNU_JAR}; {_NPM}")
    return [java, "-jar", str(VNU_JAR)]


def axe_script_path() -> Path:
    """Path of ``axe.min.js`` from the pinned axe-core npm package."""
    if not AXE_SCRIPT.is_file():
        raise ToolNotFound(f"axe-core not found at {AXE_SCRIPT}; {_NPM}")
    return AXE_SCRIPT


def linkchecker_command() -> list[str]:
    """Command to run LinkChecker (Debian's ``linkchecker`` package)."""
    linkchecker = _which("linkchecker", Path("/usr/bin/linkchecker"))
    if linkchecker is None:
        raise ToolNotFound(
            "linkchecker not found on PATH; "
            f"install it with `apt-get install linkchecker` or {_SETUP}"
        )
    return [linkchecker]
