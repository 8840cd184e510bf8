"""The methods `dataclasses` writes for each class (__init__, __eq__, __hash__, __repr__, a frozen
class's __setattr__ ...), compiled once and kept beside the archive's bytecode, as Python keeps a
module's. `dataclasses` writes each method as text and compiles it as the class is made: about
300 methods, 0.02 CPU s of every process that builds (a tenth of the imports), the same text each
time. The compiled code is what compile() makes of the same text, so the classes are the same."""
from __future__ import annotations

import dataclasses
import marshal
import os
import sys
from _frozen_importlib_external import MAGIC_NUMBER  # the bytecode's version, as .pyc files name it

FILE = f"dataclass-methods.{sys.implementation.cache_tag}-{MAGIC_NUMBER.hex()}.marshal"
SIZE = 4000  # texts kept at most: past it, only those this process compiled or used


def folder() -> str:
    """The archive's __pycache__, where Python keeps its bytecode (under PYTHONPYCACHEPREFIX if set)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if sys.pycache_prefix:
        return os.path.join(sys.pycache_prefix, here.lstrip(os.sep))
    return os.path.join(here, "__pycache__")


class Methods:
    """The compiled methods by their text; installed as `dataclasses`' exec."""

    def __init__(self, path: str):
        self.path = path
        self.used: set[str] = set()
        self.changed = False
        try:
            with open(path, "rb") as file:
                self.code = marshal.loads(file.read())  # load(file) reads it a few bytes at a time
            if not isinstance(self.code, dict):
                self.code = {}
        except (OSError, EOFError, ValueError, TypeError):  # none yet, or written by another Python
            self.code = {}

    def __call__(self, source, globals=None, locals=None):
        if not isinstance(source, str):
            return exec(source, globals, locals)
        code = self.code.get(source)
        if code is None:
            code = self.code[source] = compile(source, "<string>", "exec")
            self.changed = True
        self.used.add(source)
        return exec(code, globals, locals)

    def save(self) -> None:
        """Write the methods compiled in this process, if any, as Python writes bytecode: not
        under PYTHONDONTWRITEBYTECODE, atomically, and a failure to write is no error."""
        if not self.changed or sys.dont_write_bytecode:
            return
        self.changed = False
        code = self.code if len(self.code) <= SIZE else {text: self.code[text] for text in self.used}
        temporary = f"{self.path}.{os.getpid()}"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as file:
                marshal.dump(code, file)
            os.replace(temporary, self.path)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def install() -> Methods:
    """Compile the dataclasses' methods through the kept ones from now on; saved at the process's
    end (cli.leave saves it too: it ends the process without the interpreter's exit handlers).
    Called by the programs (cli.py, mkdocs_hook.py) before they import the stages, never on import."""
    if isinstance(methods := getattr(dataclasses, "exec", None), Methods):
        return methods
    import atexit
    methods = Methods(os.path.join(folder(), FILE))
    dataclasses.exec = methods  # found before the builtin: `dataclasses` calls exec by name
    atexit.register(methods.save)
    return methods
