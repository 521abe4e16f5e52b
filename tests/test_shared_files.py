"""The corpus tests read the corpus from a worktree too, not an empty list."""

from __future__ import annotations

import subprocess
from pathlib import Path

from shared_files import shared_dir


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_the_shared_files_are_found_from_a_worktree_kept_elsewhere(tmp_path: Path) -> None:
    # As the team works: the main checkout with `shared/` beside it, a worktree far away.
    main = tmp_path / "work" / "main"
    shared = tmp_path / "work" / "shared"
    (shared / "corpus").mkdir(parents=True)
    main.mkdir()
    _git("init", "-q", cwd=main)
    _git("commit", "-q", "--allow-empty", "-m", "start", cwd=main)
    worktree = tmp_path / "work" / "wt" / "mine"
    _git("worktree", "add", "-q", str(worktree), "-b", "wip/mine", cwd=main)
    assert shared_dir(main) == shared
    assert shared_dir(worktree) == shared.resolve()
    unpacked = tmp_path / "elsewhere" / "spasm-timer"  # not a checkout: nothing to find
    unpacked.mkdir(parents=True)
    assert shared_dir(unpacked) is None

