"""What a long build shows an editor on a terminal: a counter, silent in CI and in pipes."""
from __future__ import annotations

import os
import sys


def in_ci(environ=os.environ) -> bool:
    """CI set to anything but empty, 0, false, no or off (any case), as scripts/dev reads it."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


class Progress:
    """A counter on a terminal; silent in CI and in pipes."""

    def __init__(self, total: int, label: str):
        self.on = sys.stderr.isatty() and not in_ci() and total > 50
        self.total, self.label = total, label

    def step(self, n: int) -> None:
        if self.on and (n % 25 == 0 or n == self.total):
            print(f"\r{self.label} {n}/{self.total}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.on:
            print(file=sys.stderr)
