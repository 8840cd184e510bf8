"""The hook's theme environment (accelerator.quicker_env) copies the same theme files and renders
the same templates as MkDocs' own, on the archive's real mkdocs.yml and the installed Material."""
from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from archive import accelerator

ROOT = Path(__file__).resolve().parent.parent


def theme_files(config, env) -> list[str]:
    """The theme's files MkDocs copies into the site, as a build adds them."""
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted(f.src_uri for f in files)


def test_the_theme_files_copied_are_the_same_with_the_hidden_ones_unlisted():
    config = load_config(str(ROOT / "mkdocs.yml"))
    plain = config.theme.get_env()
    accelerator.quicker_env(config.theme)
    quicker = config.theme.get_env()
    assert isinstance(quicker.loader, accelerator.ThemeLoader)
    listed = quicker.list_templates()
    assert not [name for name in listed if name.startswith(".") or "/." in name]
    assert len(plain.list_templates()) > 10 * len(listed)  # Material's icons are hidden files
    copied = theme_files(config, quicker)
    assert copied == theme_files(config, plain)
    assert any(name.startswith("assets/javascripts/bundle.") for name in copied)  # the theme's own


class Counting(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):
        Counting.compiled += 1
        return super().compile(*args, **kwargs)


def test_a_template_is_compiled_once_and_again_once_edited(tmp_path):
    template = tmp_path / "page.html"
    rendered = []
    for text in ("first {{ x }}", "first {{ x }}", "second {{ x }}"):
        template.write_text(text, encoding="utf-8")
        env = Counting(loader=accelerator.ThemeLoader([str(tmp_path)]), bytecode_cache=accelerator.COMPILED)
        rendered.append(env.get_template("page.html").render(x=1))
    assert rendered == ["first 1", "first 1", "second 1"]
    assert Counting.compiled == 2  # a new environment, the same source: its code is reused
