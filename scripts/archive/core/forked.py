"""The end of a process forked to read or render (ingest/reading.py, pages/apart.py). It ends with
os._exit, never returning into the build, and so runs no atexit handler and closes no file
object. A layer that holds writes back registers here what must be written first (packs.py:
the lines of its packs' lists), without the layers below importing it."""
from __future__ import annotations

import os
from typing import Callable, NoReturn

BEFORE_EXIT: list[Callable[[], None]] = []


def leave(status: int) -> NoReturn:
    """Write what was held back, then end the forked process at once with `status`."""
    try:
        for write in BEFORE_EXIT:
            try:
                write()
            except Exception:  # noqa: BLE001 - never in the way of the exit; what was not written is found again
                pass
    finally:
        os._exit(status)
