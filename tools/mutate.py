"""A small mutation tester: does the suite notice when the code is subtly wrong?

Each mutant changes one token of one module of `spasm_timer/core/` or `spasm_timer/storage/`
(`<` for `<=`, `==` for `!=`, `+` for `-`, `and` for `or`, `True` for `False`, a number n for
n + 1), runs the tests that name that module, and puts the file back. A mutant the tests fail
on is killed; one they pass with has survived, and says where a test is missing (or that the
change makes no difference). See docs/mutation-testing.md.

    python tools/mutate.py                      # every module of core/ and storage/
    python tools/mutate.py spasm_timer/core/durations.py --sample 40
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
import tokenize
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
# Tests that start whole app processes, strace or pip: slow, and the modules' own tests cover
# what a mutant of core/ or storage/ breaks.
SLOW_TESTS = {"test_app.py", "test_bench_smoke.py", "test_desktop_entry.py", "test_faults.py",
              "test_single_instance.py", "test_display_and_instance.py"}
SWAPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==", "+": "-", "-": "+",
         "and": "or", "or": "and", "True": "False", "False": "True"}


@dataclass(frozen=True)
class Mutant:
    path: Path
    line: int
    column: int
    before: str
    after: str

    def apply(self, source: str) -> str:
        lines = source.splitlines(keepends=True)
        text = lines[self.line - 1]
        assert text[self.column:self.column + len(self.before)] == self.before
        end = self.column + len(self.before)
        lines[self.line - 1] = text[:self.column] + self.after + text[end:]
        return "".join(lines)

    def __str__(self) -> str:
        return (f"{self.path.relative_to(REPO)}:{self.line}:{self.column + 1}: "
                f"{self.before} -> {self.after}")


def mutants_of(path: Path) -> list[Mutant]:
    """One mutant per swappable token; numbers in annotations and docstrings are not tokens."""
    found = []
    source = path.read_text(encoding="utf-8")
    decorators = {number for number, text in enumerate(source.splitlines(), start=1)
                  if text.lstrip().startswith("@")}  # frozen=True and the like: no behaviour
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        (line, column), text = token.start, token.string
        if line in decorators:
            continue
        if token.type in (tokenize.OP, tokenize.NAME) and text in SWAPS:
            found.append(Mutant(path, line, column, text, SWAPS[text]))
        elif token.type == tokenize.NUMBER and text.isdigit():
            found.append(Mutant(path, line, column, text, str(int(text) + 1)))
    return found


def _naming(path: Path, files: list[Path]) -> list[Path]:
    """The files that name the module (its import path or its file name)."""
    dotted = ".".join(path.relative_to(REPO).with_suffix("").parts)
    names = (dotted, f"{path.parent.name}.{path.stem}", f"import {path.stem}", f"{path.stem}.")
    return sorted(file for file in files if file != path
                  and any(name in file.read_text(encoding="utf-8") for name in names))


def tests_for(path: Path) -> list[Path]:
    """The test files named after the module or naming it; for a module no test names, those
    naming the modules of the package that use it."""
    tests = sorted(test for test in TESTS.glob("test_*.py") if test.name not in SLOW_TESTS)
    named_after = {test for test in tests if test.name.startswith(f"test_{path.stem}")}
    chosen = set(_naming(path, tests)) | named_after
    if not chosen:
        for user in _naming(path, sorted((REPO / "spasm_timer").rglob("*.py"))):
            chosen.update(_naming(user, tests))
    return sorted(chosen)


def killed(mutant: Mutant, tests: list[Path], timeout: float) -> bool:
    original = mutant.path.read_text(encoding="utf-8")
    mutant.path.write_text(mutant.apply(original), encoding="utf-8")
    try:
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                   "--timeout", "60", *map(str, tests)]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            result = subprocess.run(command, cwd=REPO, env=env, capture_output=True,
                                    timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return True  # the suite hung on it: noticed, if slowly
        return result.returncode != 0
    finally:
        mutant.path.write_text(original, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", type=Path,
                        help="modules to mutate (default: every one of core/ and storage/)")
    parser.add_argument("--sample", type=int, default=0,
                        help="at most this many mutants per module, picked at random (seeded)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per mutant run")
    args = parser.parse_args(argv)
    modules = [m.resolve() for m in args.modules] or sorted(
        [*(REPO / "spasm_timer" / "core").glob("*.py"),
         *(REPO / "spasm_timer" / "storage").glob("*.py")])
    totals = {"killed": 0, "survived": 0}
    started = time.monotonic()
    for module in modules:
        mutants, tests = mutants_of(module), tests_for(module)
        if args.sample and len(mutants) > args.sample:
            mutants = sorted(random.Random(str(module.name)).sample(mutants, args.sample),
                             key=lambda m: (m.line, m.column))
        if not mutants:
            continue
        if not tests:
            print(f"{module.relative_to(REPO)}: no test names it; {len(mutants)} mutants survive")
            totals["survived"] += len(mutants)
            continue
        dead = 0
        for mutant in mutants:
            if killed(mutant, tests, args.timeout):
                dead += 1
            else:
                print(f"  survived  {mutant}", flush=True)
        totals["killed"] += dead
        totals["survived"] += len(mutants) - dead
        print(f"{module.relative_to(REPO)}: {dead}/{len(mutants)} killed", flush=True)
    total = totals["killed"] + totals["survived"]
    ratio = totals["killed"] / total if total else 1.0
    print(f"killed {totals['killed']} of {total} mutants ({ratio:.0%}) "
          f"in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
