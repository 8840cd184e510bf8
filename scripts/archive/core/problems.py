"""What is wrong with the input: one problem, where and what is allowed, and all of a run's together."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is, what is wrong, what is allowed."""
    file: str
    where: str  # "line 12" or a field path such as "arguments[2].quote"
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


class Problems(Exception):
    """Raised with every problem found in one run, so an editor fixes them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
