"""`spasm-timer add` and `spasm-timer copy`, and the guidance warnings `validate` prints.

Kept apart from cli.py, which only wires them in. Never imports Qt, and imports the file
handling only when a command needs it: cli.py is read on every start of the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from spasm_timer import paths
from spasm_timer.core.guidance import routine_warnings
from spasm_timer.core.library import find_routine, load_known_routines
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.text_safety import for_terminal
from spasm_timer.i18n import _, ngettext, pgettext

PROG = "spasm-timer"
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_parsers(commands: argparse._SubParsersAction,
                common: list[argparse.ArgumentParser]) -> None:
    file = pgettext("placeholder", "FILE")
    add = commands.add_parser(
        "add", parents=common, help=_("check a routine file and keep it among your routines"),
        description=_("Checks FILE as the app does; a good file is copied, as written, into "
                      "your routines folder, a bad one is refused with its problems."))
    add.add_argument("file", metavar=file, help=_("a routine .yaml file"))
    add.add_argument("--replace", action="store_true",
                     help=_("replace a routine with the same id (yours, or a bundled one)"))
    copy = commands.add_parser(
        "copy", parents=common, help=_("save a copy of a routine to FILE, to share it"),
        description=_("Writes the routine's file (bundled ones too) to FILE, as written."))
    copy.add_argument("routine", metavar=pgettext("placeholder", "ROUTINE"),
                      help=_("a routine id (see: spasm-timer list)"))
    copy.add_argument("file", metavar=file, help=_("where to write the copy (.yaml)"))
    copy.add_argument("--replace", action="store_true", help=_("replace FILE if it is there"))


def print_warnings(routine: Routine) -> int:
    """Prints one line per guidance warning, with file and line; returns how many."""
    warnings = routine_warnings(routine)
    for warning in warnings:
        print(for_terminal(warning))
    return len(warnings)


def _error(message: str) -> None:
    print(f"{PROG}: {for_terminal(message)}", file=sys.stderr)


def _say(text: object, to_stderr: bool = False) -> None:
    """A line that may hold a file's name or text: escaped for the terminal."""
    print(for_terminal(text), file=sys.stderr if to_stderr else sys.stdout)


def cmd_add(args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer.data_dir import DataDirError
    from spasm_timer.routine_files import RoutineExistsError, add_routine_file

    try:
        added = add_routine_file(args.file, data, replace=args.replace)
    except RoutineFileError as error:
        for problem in error.problems:
            _say(problem, to_stderr=True)
        count = len(error.problems)
        _error(ngettext("not added: {path} has {count} problem; nothing was copied",
                        "not added: {path} has {count} problems; nothing was copied", count)
               .format(path=error.path, count=count))
        return EXIT_INVALID
    except RoutineExistsError as clash:
        _error(_("not added: {reason}; add --replace to replace it").format(reason=clash))
        return EXIT_INVALID
    except (DataDirError, OSError) as error:
        _error(_("not added: {reason}").format(reason=error))
        return EXIT_USAGE if isinstance(error, DataDirError) else EXIT_INVALID
    if added.replaced is None:
        said = _("added '{name}' as {id}: {path}")
    elif added.replaced_bundled:
        said = _("added '{name}' as {id}: {path} (in place of the bundled routine)")
    else:
        said = _("added '{name}' as {id}: {path} (replacing the one that was there)")
    _say(said.format(name=added.routine.name, id=added.routine.id, path=added.path))
    print_warnings(added.routine)
    return EXIT_OK


def cmd_copy(args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer.routine_files import TargetExistsError, save_copy

    library = load_known_routines(data)
    routine = find_routine(args.routine, library, paths.illustrations_dir())
    try:
        written = save_copy(routine, args.file, replace=args.replace)
    except TargetExistsError as error:
        _error(_("{reason} (add --replace)").format(reason=error))
        return EXIT_INVALID
    except OSError as error:
        _error(_("cannot write the copy: {reason}").format(reason=error))
        return EXIT_INVALID
    _say(_("saved a copy of '{name}' to {path}").format(name=routine.name, path=written[0]))
    for picture in written[1:]:
        _say(_("  with its picture {path}").format(path=picture))
    return EXIT_OK


Command = Callable[[argparse.Namespace, paths.DataPaths], int]
COMMANDS: dict[str | None, Command] = {"add": cmd_add, "copy": cmd_copy}
