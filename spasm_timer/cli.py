"""The `spasm-timer` command.

Commands that show no window (list, validate, plan, history, export, import) never import Qt,
so they answer at once and work while the app is open.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spasm_timer import __version__, i18n, paths
from spasm_timer.core.durations import format_seconds
from spasm_timer.core.library import (
    Library,
    UnknownRoutineError,
    find_routine,
    load_known_routines,
)
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.text_safety import for_terminal, json_for_terminal
from spasm_timer.core.timeline import Timeline, expand, measure
from spasm_timer.i18n import _, ngettext, pgettext
from spasm_timer.settings import SettingsFile
from spasm_timer.terminal_table import print_table

PROG = "spasm-timer"
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _global_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the command; only the top level sets defaults."""
    parent = argparse.ArgumentParser(add_help=False)
    unset: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}
    parent.add_argument("--data-dir", metavar=pgettext("placeholder", "DIR"), help=_(
        "keep the log, settings and your own routines in DIR (or set SPASM_TIMER_DATA_DIR)"),
        **unset)
    parent.add_argument("--quit-after-startup", action="store_true",
                        help=_("show the main window, wait for its first paint, then exit 0"),
                        **unset)
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; built once the language is chosen, so its help speaks it."""
    parser = argparse.ArgumentParser(
        prog=PROG, parents=[_global_options(True)],
        description=_("Guided self-massage routines for muscle spasms and cramps. "
                      "With no command, opens the app on the routine library."))
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--in-tray", action="store_true",
                        help=_("start in the system tray, without a window (how the app starts "
                               "with the desktop when a bedtime reminder is set)"))
    commands = parser.add_subparsers(dest="command", metavar=pgettext("placeholder", "COMMAND"))
    common = [_global_options(False)]
    as_json = _("as JSON")
    routine, file = pgettext("placeholder", "ROUTINE"), pgettext("placeholder", "FILE")
    date = pgettext("placeholder", "DATE")
    since, until = _("from this day on (YYYY-MM-DD)"), _("up to and including this day")

    run = commands.add_parser("run", parents=common, help=_("open the app on a routine"))
    run.add_argument("routine", metavar=routine,
                     help=_("a routine id or a path to a .yaml file"))
    run.add_argument("--start", action="store_true", help=_("start the session at once"))
    run.add_argument("--quit-when-done", action="store_true",
                     help=_("close the app when the session ends"))

    listing = commands.add_parser("list", parents=common, help=_("the known routines"))
    listing.add_argument("--json", action="store_true", help=as_json)

    validate = commands.add_parser("validate", parents=common,
                                   help=_("check routine files (all known ones by default)"))
    validate.add_argument("files", nargs="*", metavar=pgettext("placeholder", "PATH"), type=Path)

    plan = commands.add_parser("plan", parents=common,
                               help=_("what a routine will ask of you, minute by minute"))
    plan.add_argument("routine", metavar=routine,
                      help=_("a routine id or a path to a .yaml file"))
    plan.add_argument("--json", action="store_true", help=as_json)

    history = commands.add_parser("history", parents=common, help=_("your past sessions"))
    formats = history.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help=as_json)
    formats.add_argument("--csv", action="store_true", help=_("as CSV, one row per session"))
    history.add_argument("--since", metavar=date, help=since)
    history.add_argument("--until", metavar=date, help=until)
    history.add_argument("--routine", metavar=pgettext("placeholder", "ID"),
                         help=_("only this routine"))

    export = commands.add_parser(
        "export", parents=common, help=_("write the whole log to FILE (JSON, or CSV for .csv)"))
    export.add_argument("file", metavar=file, type=Path)
    export.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    importing = commands.add_parser("import", parents=common,
                                    help=_("add the sessions of an exported JSON file"))
    importing.add_argument("file", metavar=file, type=Path)

    report = commands.add_parser(
        "report", parents=common,
        help=_("a report for your doctor (FILE.pdf), or one row per step (FILE.csv)"))
    report.add_argument("file", metavar=file, type=Path)
    report.add_argument("--since", metavar=date, help=since)
    report.add_argument("--until", metavar=date, help=until)
    report.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))

    desktop = commands.add_parser(
        "desktop", parents=common,
        help=_("add Spasm Timer to your desktop's menu, or take it away"))
    desktop.add_argument("action", choices=("install", "remove"))
    from spasm_timer import routine_commands  # read only when a command is parsed

    routine_commands.add_parsers(commands, common)
    return parser


def parse_app_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """The plain launch, `spasm-timer [--data-dir DIR] [--quit-after-startup]`, read without
    building the full parser: its eight subcommands cost ~4 ms before the first paint. Returns
    what `build_parser().parse_args(argv)` would; None for anything else (a command, --help,
    an abbreviation, a mistake), which argparse then reads, answers or refuses as usual."""
    args = argparse.Namespace(data_dir=None, quit_after_startup=False, command=None,
                              in_tray=False)
    rest = list(argv)
    while rest:
        option = rest.pop(0)
        if option == "--quit-after-startup":
            args.quit_after_startup = True
        elif option == "--in-tray":
            args.in_tray = True
        elif option == "--data-dir" and rest and not rest[0].startswith("-"):
            args.data_dir = rest.pop(0)
        elif option.startswith("--data-dir="):
            args.data_dir = option.partition("=")[2]
        else:
            return None
    return args


def _error(message: str) -> None:
    """`spasm-timer: message` on stderr; each line escaped, as it may quote a file."""
    lines = [for_terminal(line) for line in str(message).split("\n")]
    print(f"{PROG}: " + "\n".join(lines), file=sys.stderr)


def _print(text: object = "") -> None:
    """One line of output that may hold text from a file: escaped for the terminal."""
    print(for_terminal(text))


def _print_json(data: object) -> None:
    print(json_for_terminal(json.dumps(data, indent=2, ensure_ascii=False)))


def _default_lead_in(data: paths.DataPaths) -> int:
    """The settings' get-ready time; a settings file with something wrong is said once."""
    settings_file = SettingsFile(data.settings)
    settings = settings_file.load()
    if settings_file.problem:
        _error(settings_file.problem)
    return settings.default_lead_in


def _report_skipped(library: Library) -> None:
    for error in library.skipped:
        more = len(error.problems) - 1
        if more:
            line = ngettext("skipped {problem} (+{count} more; run: {command})",
                            "skipped {problem} (+{count} more; run: {command})", more)
        else:
            line = _("skipped {problem}")
        command = f"{PROG} validate {error.path}"
        print(for_terminal(line.format(problem=error.problems[0], count=more, command=command)),
              file=sys.stderr)
    for note in library.notes:
        _error(note)


def cmd_list(args: argparse.Namespace, data: paths.DataPaths) -> int:
    library = load_known_routines(data)
    lead_in = _default_lead_in(data)
    rows: list[dict[str, Any]] = [{"id": r.id, "name": r.name, "area": r.area,
             "total_seconds": measure(r, lead_in)[1], "origin": r.origin,
             "path": str(r.path)} for r in library.sorted_routines()]
    if args.json:
        _print_json(rows)
    else:
        _print_table([_("ID"), _("NAME"), _("AREA"), _("TIME"), _("FROM")],
                     [[row["id"], row["name"], row["area"], format_seconds(row["total_seconds"]),
                       _origin(row["origin"], replaces_bundled=row["id"] in library.replaced)]
                      for row in rows])
    _report_skipped(library)
    return EXIT_OK


def _origin(origin: str, replaces_bundled: bool) -> str:
    """Where a routine comes from, in words: "bundled", "user (replaces bundled)"."""
    words = {"bundled": pgettext("origin", "bundled"), "user": pgettext("origin", "user")}
    shown = words.get(origin, origin)
    return _("{origin} (replaces bundled)").format(origin=shown) if replaces_bundled else shown


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    print_table([header, *([for_terminal(cell) for cell in row] for row in rows)])


def cmd_validate(args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer.core.loader import load_routine_file
    from spasm_timer.routine_commands import print_warnings

    if args.files:
        files = args.files
    else:
        library = load_known_routines(data)
        files = [r.path for r in library.routines.values() if r.path] + \
                [error.path for error in library.skipped]
        files.extend(path for path in library.replaced.values())
    invalid = warned = 0
    for path in sorted(set(files), key=str):
        try:
            routine = load_routine_file(path, "user", paths.illustrations_dir())
        except RoutineFileError as error:
            invalid += 1
            for problem in error.problems:
                _print(problem)
        else:
            warned += print_warnings(routine)  # guidance only: still valid
            _print(_("{path}: ok").format(path=path))
    valid = len(set(files)) - invalid
    if warned:
        print(ngettext("{valid} valid, {invalid} invalid, {count} warning",
                       "{valid} valid, {invalid} invalid, {count} warnings", warned)
              .format(valid=valid, invalid=invalid, count=warned))
    else:
        print(_("{valid} valid, {invalid} invalid").format(valid=valid, invalid=invalid))
    return EXIT_INVALID if invalid else EXIT_OK


def _load_timeline(reference: str, data: paths.DataPaths) -> Timeline:
    library = load_known_routines(data) if not reference.endswith((".yaml", ".yml")) else Library()
    routine = find_routine(reference, library, paths.illustrations_dir())
    return expand(routine, _default_lead_in(data))


def cmd_plan(args: argparse.Namespace, data: paths.DataPaths) -> int:
    timeline = _load_timeline(args.routine, data)
    routine = timeline.routine
    if args.json:
        _print_json({"id": routine.id, "name": routine.name, "area": routine.area,
                     "total_seconds": timeline.total_seconds,
                     "segments": [s.plan_dict() for s in timeline.segments]})
        return EXIT_OK
    _print(_("{name} ({area}), {time} in all").format(
        name=routine.name, area=routine.area, time=format_seconds(timeline.total_seconds)))
    for note in routine.safety:
        _print(f"  ! {note}")
    from spasm_timer.core.plan_text import plan_header, plan_rows

    _print_table(plan_header(), plan_rows(timeline))
    return EXIT_OK


def _storage_command(name: str, args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer.data_dir import check_data_dir
    from spasm_timer.storage import commands

    problem = check_data_dir(data.root)
    if problem:
        _error(problem)
        return EXIT_USAGE

    return int(getattr(commands, f"run_{name}")(args, data))


def cmd_report(args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer.data_dir import check_data_dir
    from spasm_timer.report import run_report  # imports Qt only for a PDF

    problem = check_data_dir(data.root)
    if problem:
        _error(problem)
        return EXIT_USAGE
    return run_report(args, data)


def cmd_desktop(args: argparse.Namespace, _data: paths.DataPaths) -> int:
    from spasm_timer.desktop_entry import run_desktop

    return run_desktop(args.action)


def cmd_app(args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer.display_check import display_problem

    problem = display_problem()
    if problem:
        _error(problem)
        return EXIT_USAGE
    from spasm_timer.app import run_app

    return run_app(args, data)


def _routine_command(name: str, args: argparse.Namespace, data: paths.DataPaths) -> int:
    from spasm_timer import routine_commands  # not on the app's start-up path

    return routine_commands.COMMANDS[name](args, data)


COMMANDS = {
    None: cmd_app,
    "run": cmd_app,
    "list": cmd_list,
    "validate": cmd_validate,
    "plan": cmd_plan,
    "history": lambda args, data: _storage_command("history", args, data),
    "export": lambda args, data: _storage_command("export", args, data),
    "import": lambda args, data: _storage_command("import", args, data),
    "report": cmd_report,
    "desktop": cmd_desktop,
    "add": lambda args, data: _routine_command("add", args, data),
    "copy": lambda args, data: _routine_command("copy", args, data),
}


def _never_fail_on_encoding() -> None:
    """A terminal or pipe that cannot show a character (an ASCII-only locale) gets an escape
    for it, rather than the command ending in an error halfway through its output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _use_the_persons_language(argv: Sequence[str]) -> None:
    """Everything said from here on in the language of the person's settings, or else their
    desktop's. Chosen before the parser is built, so its help speaks the language too; a
    settings file with something wrong is said later, by the command that reads it."""
    finder = argparse.ArgumentParser(add_help=False)
    finder.add_argument("--data-dir")
    data_dir = finder.parse_known_args(argv)[0].data_dir
    settings = SettingsFile(paths.DataPaths.resolve(data_dir).settings).load()
    for problem in i18n.use_language(i18n.chosen_language(settings.language)):
        _error(_("{problem} (those words stay in English)").format(problem=problem))
    from spasm_timer.argparse_words import speak_the_persons_language

    speak_the_persons_language()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _never_fail_on_encoding()
    _use_the_persons_language(argv)
    args = parse_app_launch(argv) or build_parser().parse_args(argv)
    for name, default in (("routine", None), ("start", False), ("quit_when_done", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    data = paths.DataPaths.resolve(args.data_dir)
    try:
        return COMMANDS[args.command](args, data)
    except (RoutineFileError, UnknownRoutineError) as error:
        _error(str(error) if isinstance(error, UnknownRoutineError) else
               "\n".join(str(p) for p in error.problems))
        return EXIT_INVALID
    except ValueError as error:  # a routine past the size limits
        _error(str(error))
        return EXIT_INVALID
    except BrokenPipeError:  # `spasm-timer history | head` is fine
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
