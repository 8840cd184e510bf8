"""The code's layout (issue 20): imports go one way, from the command and the hook down to the core,
as the import-linter contracts in pyproject.toml say; the test fails when an import goes the wrong way."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "archive"
LINT = Path(sys.executable).with_name("lint-imports")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def lint(scripts: Path) -> subprocess.CompletedProcess:
    """lint-imports on the package found in `scripts` (no cache: nothing is written)."""
    return subprocess.run([str(LINT), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")], cwd=scripts,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(scripts)}, capture_output=True, text=True)


def test_imports_keep_to_the_layers():
    done = lint(ROOT / "scripts")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("module, wrong", [
    ("core/article.py", "from ..site import markup"),  # the core imports nothing of ours
    ("core/vocabulary.py", "from . import article"),  # the vocabulary does not import the article's data
    ("core/dates.py", "from . import names"),  # not even the core's other modules
    ("ingest/read.py", "from ..site import structure"),  # a lower layer imports a higher one
    ("pages/home.py", "from ..exports import feed"),  # the page kinds and the exports are independent
    ("exports/feed.py", "from ..pages import home"),
    ("site/markup.py", "from .. import build"),
])
def test_an_import_the_wrong_way_breaks_a_contract(tmp_path, module, wrong):
    shutil.copytree(PACKAGE, tmp_path / "archive", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "archive" / module
    text = path.read_text(encoding="utf-8")
    at = text.index("\nfrom ") + 1  # among the module's own imports
    path.write_text(text[:at] + wrong + "\n" + text[at:], encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode == 1 and "BROKEN" in done.stdout, done.stdout + done.stderr


def test_every_module_is_in_a_layer():
    """A new top-level module or sub-package must be placed in a layer; each core module in the
    core's contract."""
    layers = next(c for c in CONTRACTS if c["id"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    top = {f"archive.{p.stem}" for p in PACKAGE.iterdir()
           if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    assert top == placed
    core = {name.strip() for layer in next(c for c in CONTRACTS if c["id"] == "core")["layers"] for name in layer.split("|")}
    assert sorted(core) == sorted(f"archive.core.{p.stem}" for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")


# --- no state made on import (issue 20 item 2) ---------------------------------------------------

def test_importing_the_package_changes_nothing_outside_it():
    """Importing every module patches no library: citeproc-py is patched by a build's
    `Citations` (citeproc_patches.install()), not by an import."""
    code = ("import importlib, pkgutil, citeproc.model as m, archive\n"
            "before = (m.Name.initialize, m.Date.render_date_range, m.Substitute.render, m.Parent.calls_variable)\n"
            "for info in pkgutil.walk_packages(archive.__path__, 'archive.'):\n"
            "    if info.name not in ('archive.mkdocs_hook', 'archive.serve'):\n"
            "        importlib.import_module(info.name)\n"
            "after = (m.Name.initialize, m.Date.render_date_range, m.Substitute.render, m.Parent.calls_variable)\n"
            "print(before == after)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "True", done.stderr


def test_two_builds_share_no_escaped_strings():
    from archive.site.structure import templates
    one, other = templates(), templates()
    one.get("tag.md")
    one.escape_html("Macron & Starmer")
    assert "Macron & Starmer" in one.escaped and not other.escaped


@pytest.mark.build
def test_root_reaches_the_styles_and_the_schema(tmp_path):
    """`--root` names the archive whose sources/csl/ and sources/schema/ a build reads, not the
    folder the code is in."""
    from archive import cli
    from conftest import copy_archive
    root = copy_archive(tmp_path / "archive")
    schema = root / "sources" / "schema" / "archive.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    csl = root / "sources" / "csl" / "apa.csl"
    csl.write_text(csl.read_text(encoding="utf-8").replace("</style>", "<!-- this copy's -->\n</style>"), encoding="utf-8")
    assert cli.main(["--root", str(root), "build"]) == 0
    assert (root / "docs" / "data" / "archive.schema.json").read_text(encoding="utf-8") == schema.read_text(encoding="utf-8")
    import json
    published = json.loads((root / "docs" / "data" / "citations.json").read_text(encoding="utf-8"))["styles"]
    assert published != json.loads((ROOT / "docs" / "data" / "citations.json").read_text(encoding="utf-8"))["styles"]


def test_the_archives_title_is_said_in_one_place():
    """sources/site.yml names the archive; mkdocs.yml, which MkDocs reads itself, says the same;
    the dataset, the feed, the licence and the citations take it from the site file."""
    import json
    import yaml
    from conftest import _AnyTag
    title = yaml.safe_load((ROOT / "sources" / "site.yml").read_text(encoding="utf-8"))["title"]
    assert yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)["site_name"] == title
    data = json.loads((ROOT / "docs" / "data" / "archive.json").read_text(encoding="utf-8"))
    assert data["title"] == title and f'crediting "{title}"' in data["licence"]["statement"]
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert title not in code and title.split(":")[0] not in code


@pytest.mark.parametrize("text, said", [(None, "site.yml: file: is missing"),
                                        ("title: ''\n", "site.yml: title: must not be empty"),
                                        ("name: x\n", "site.yml: name: is not a known field; allowed: title, address")])
def test_a_missing_or_wrong_site_file_is_a_one_line_problem(tmp_path, capsys, text, said):
    from archive import cli
    from conftest import copy_archive
    root = copy_archive(tmp_path / "archive")
    site = root / "sources" / "site.yml"
    site.unlink() if text is None else site.write_text(text, encoding="utf-8")
    assert cli.main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"sources/{said}" in err and "Traceback" not in err, err
