"""Every page template's compiled code in one file, by the digest of the normaliser's code (which
covers the templates): a one-shot build reads that file instead of reading each template, hashing
it and reading its compiled code (31 templates after one changed record: 4 ms of 6). Made from
markup's compiled templates (Jinja's bytecode, by each template's text) when no pack is kept for
this code, and trusted as they are: what is in it runs."""
from __future__ import annotations

import marshal
import os
from pathlib import Path

import jinja2

SUFFIX = ".pack"


class Pack:
    """The pack of `folder` (.cache/archive/jinja) for the code `digest`, read when first asked."""

    def __init__(self, folder: Path, digest: str):
        self.folder, self.digest = folder, digest
        self.code: dict[str, object] | None = None

    def get(self, environment: jinja2.Environment, loader: jinja2.BaseLoader, name: str):
        """The compiled code of template `name`; None: load it as Jinja does (not in the pack)."""
        if self.code is None:
            path = self.folder / f"{self.digest}{SUFFIX}"
            try:
                self.code = marshal.loads(path.read_bytes())
                if not isinstance(self.code, dict):
                    raise ValueError("not a pack")
            except (OSError, EOFError, ValueError, TypeError):  # none kept for this code, or cut short
                self.code = {}
                self.make(environment, loader, path)
        return self.code.get(name)

    def make(self, environment: jinja2.Environment, loader: jinja2.BaseLoader, path: Path) -> None:
        """Every template compiled (from the bytecode kept by text where it can), kept in one file;
        the packs of other code removed. None where no bytecode is kept (a cold build: each of
        its processes compiles only the templates it uses, the article pages' beside the rest).
        A template that does not compile is left to Jinja's load."""
        cache, found = environment.bytecode_cache, []
        for name in loader.list_templates():
            try:
                source, filename, _ = loader.get_source(environment, name)
                found.append((name, source, filename, cache.get_bucket(environment, name, filename, source)))
            except Exception:  # noqa: BLE001 - reported where the build loads it, as without a pack
                continue
        if not any(bucket.code is not None for *_, bucket in found):
            return
        for name, source, filename, bucket in found:
            try:
                if bucket.code is None:
                    bucket.code = environment.compile(source, name, filename)
                    cache.set_bucket(bucket)
                self.code[name] = bucket.code
            except Exception:  # noqa: BLE001 - as above
                continue
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            tmp.write_bytes(marshal.dumps(self.code))
            os.replace(tmp, path)
            for other in self.folder.glob(f"*{SUFFIX}"):
                if other != path:
                    other.unlink(missing_ok=True)
        except OSError:
            tmp.unlink(missing_ok=True)  # not kept: the next build makes it again


class PackLoader(jinja2.FileSystemLoader):
    """The templates' folder, each template's code taken from `pack` when it holds it."""

    def __init__(self, folder: Path, pack: Pack | None):
        super().__init__(folder)
        self.pack = pack

    def load(self, environment, name, globals=None):
        code = self.pack and self.pack.get(environment, self, name)
        if code is None:
            return super().load(environment, name, globals)
        # auto_reload is off (markup.Templates): a template is never checked again.
        return environment.template_class.from_code(environment, code, {} if globals is None else globals, lambda: True)
