"""The few citations a build after one edit renders, rendered in a process forked at its start.

citeproc-py's import, the two styles' parsing and a first entry's rendering (which fills the
styles' caches) cost about 0.035 CPU s, for an entry or two: in the build's own process that was
its main thread's time. Forked as the build starts, a process does them on the machine's other
core, idle until Pagefind starts, then waits for the entries the reading found unseen
(citation_pool.Beside's queue) and renders them (about 4 ms each, beside Pagefind). The same code
on the same entries as in the build's process (as the pool's): the same bytes. An entry that fails
there is rendered again, and reported, by the build's process, as the pool's are; a process that
fails leaves all of them to it.
"""
from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

# An entry rendered first, and thrown away: it fills the parsed styles' caches before the real
# ones come (citeproc_speedups' once()), which are pure (any entry fills them the same way).
WARM = {"id": "warm", "type": "webpage", "title": "Warm", "container-title": "Warm",
        "issued": {"date-parts": [[2020, 1, 1]]}, "author": [{"family": "Warm", "given": "A"}]}


class Early:
    """render(title, entries) -> each entry's rendering (None where it failed), from the forked
    process; close(): it ended, if render() was not asked."""

    def __init__(self, csl: Path):
        self.child: tuple[int, int, int] | None = None
        if threading.active_count() > 1:  # forking beside threads is unsafe
            return
        try:
            from_parent, to_child = os.pipe()  # (read end, write end)
            from_child, to_parent = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:
            status = 1
            try:
                os.close(to_child)
                os.close(from_child)
                serve(csl, from_parent, to_parent)
                status = 0
            finally:
                os._exit(status)
        os.close(from_parent)
        os.close(to_parent)
        self.child = (pid, to_child, from_child)

    def render(self, title: str, entries: list[dict]) -> list[dict | None] | None:
        """None when the process could not render them."""
        if self.child is None:
            return None
        (pid, to_child, from_child), self.child = self.child, None
        found = None
        try:
            with os.fdopen(to_child, "wb") as out, os.fdopen(from_child, "rb") as back:
                pickle.dump((title, entries), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.close()  # the whole request sent
                found = pickle.load(back)
        except Exception:  # noqa: BLE001 - a failed process's entries are rendered here
            found = None
        finally:
            if os.waitpid(pid, 0)[1] != 0:
                found = None
        return found if isinstance(found, list) and len(found) == len(entries) else None

    def close(self) -> None:
        if self.child is not None:
            (pid, to_child, from_child), self.child = self.child, None
            os.close(to_child)  # the process reads the end of its input, and ends
            os.close(from_child)
            os.waitpid(pid, 0)


def serve(csl: Path, inputs: int, outputs: int) -> None:
    """The forked process: the styles parsed and warmed, then the entries it is sent rendered."""
    from .citation_pool import _here
    from .citations import Citations
    citations = Citations(csl, "")
    for name in citations.names:
        citations.style(name)
    _here(citations, WARM)
    with os.fdopen(inputs, "rb") as got:
        try:
            title, entries = pickle.load(got)
        except EOFError:  # closed: nothing to render
            return
    citations.archive = title
    with os.fdopen(outputs, "wb") as out:
        pickle.dump([_here(citations, entry) for entry in entries], out, protocol=pickle.HIGHEST_PROTOCOL)
