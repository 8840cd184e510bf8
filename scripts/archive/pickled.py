"""How a cache entry is pickled and unpickled: what is trusted (only our own classes and a few
of Python's, so a foreign pickle cannot run code), how an entry cut short or spoilt is found
(checksum), and texts kept apart as UTF-8 (cache.py's entries and states use these)."""
from __future__ import annotations

import functools
import pickle
import zlib

SAFE = {("builtins", n) for n in ("set", "frozenset", "tuple", "list", "dict", "str", "bytes", "int")} | \
    {("pathlib", "PosixPath"), ("datetime", "date"), ("datetime", "datetime"), ("copyreg", "_reconstructor"),
     ("builtins", "object")}


def checksum(data) -> bytes:
    """What finds an entry cut short or spoilt (the unpickler, not this, refuses what is not
    ours): a CRC-32, twice as fast as the SHA-256 it was, on 25 MB of entries a one-record build
    reads at 1,005 articles."""
    return b"%08x" % zlib.crc32(data)


class OursOnly(pickle.Unpickler):
    """Unpickles only our own data classes and plain values: a pickle that names anything else
    (which could run code) is refused."""

    def find_class(self, module: str, name: str):
        if module.startswith("archive.") or (module, name) in SAFE:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not ours")

    # A text kept apart (TextApart) is its UTF-8 bytes; any other persistent id fails (a miss). A C
    # function, not a method: it runs for each text of each article read (a fifth of unpickling).
    persistent_load = functools.partial(bytes.decode, encoding="utf-8", errors="surrogatepass")


class TextApart(pickle.Pickler):
    """Pickles a text that is not ASCII as its UTF-8 bytes, made apart. Pickle's own way asks
    the text for its UTF-8 form, which Python then keeps inside the text for as long as it
    lives: every page and paragraph a cold build caches carried a second copy of itself (its
    peak at 5,005 articles: 1,623 MB; test_cache)."""

    def persistent_id(self, obj):
        if type(obj) is str and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None
