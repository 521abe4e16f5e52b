"""What is wrong with a routine file: kept apart from the loader so that code which only
reports problems (the library, the app) does not have to load PyYAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a place when it is known (line and column from 1)."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = f"{self.line}:{self.column}:" if self.line is not None else ""
        return f"{self.path}:{place} {self.message}"


class RoutineFileError(Exception):
    """A routine file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
