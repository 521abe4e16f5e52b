"""Where the tests find the files shared beside the project (the YAML corpus): the one place
that says so, for every test that reads them.

CI and the main checkout have `shared/` beside the project. A git worktree may live anywhere
else, so from one it is looked for beside the checkout that git's common directory belongs
to, where it is. A test that reads the corpus skips, saying why, when it is not there: it never
passes over an empty list."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import REPO

CORPUS_PARTS = ("corpus", "yaml-test-suite")


def shared_dir(repo: Path = REPO) -> Path | None:
    """`shared/` beside `repo`, or beside the main checkout when `repo` is a worktree."""
    beside = repo.parent / "shared"
    if beside.is_dir():
        return beside
    try:
        common = subprocess.run(["git", "rev-parse", "--git-common-dir"], cwd=repo,
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout (an unpacked release): nothing beside it to find
    # The common directory is the main checkout's .git (relative to `repo` when it is its own).
    main_checkout = (repo / common).resolve().parent
    beside_main = main_checkout.parent / "shared"
    return beside_main if beside_main.is_dir() else None


def _corpus_dir() -> Path | None:
    shared = shared_dir()
    return shared.joinpath(*CORPUS_PARTS) if shared is not None else None


CORPUS = _corpus_dir()
CORPUS_FILES = sorted(CORPUS.glob("*.yaml")) if CORPUS is not None else []
NO_CORPUS = ("the YAML corpus (shared/corpus/yaml-test-suite) is neither beside the project "
             "nor beside the main checkout of this worktree")


def corpus_files() -> list[Path]:
    """The corpus's files; the calling test is skipped, saying why, if there are none."""
    if not CORPUS_FILES:
        pytest.skip(NO_CORPUS)
    return CORPUS_FILES


def corpus_file(name: str) -> Path:
    """One file of the corpus (skips the test, as corpus_files does, without the corpus)."""
    if CORPUS is None:
        pytest.skip(NO_CORPUS)
    return CORPUS / name
