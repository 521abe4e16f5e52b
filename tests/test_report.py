"""The report for a doctor: its numbers, its PDF, the per-step CSV, and the command."""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from history_helpers import add, session, step

from spasm_timer.cli import main
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.report_data import NOT_A_MEDICAL_DEVICE, gather

ROUTINES = [("calf-night", "Night-time calf cramp"), ("lower-back", "Lower back spasm"),
            ("neck", "Stiff neck & shoulders")]


def _fill(log: SessionLog, count: int, seed: int = 7) -> None:
    """`count` sessions of three routines, a day or so apart, most of them rated."""
    rnd = random.Random(seed)
    moment = datetime(2026, 3, 1, 20, 0)
    items = []
    for number in range(count):
        moment += timedelta(hours=rnd.randint(10, 30))
        routine_id, name = ROUTINES[number % 3]
        before = rnd.randint(4, 9)
        items.append(session(moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M"), routine_id,
                             name, active_seconds=600, pain_before=before,
                             pain_after=before - 1 - number % 3,
                             notes="Woke at 3 a.m. with a cramp" if number % 50 == 0 else "",
                             steps=[step(1, "Warm up"), step(2, "Lean into the wall", 30,
                                                             side="left", kind="stretch")]))
    log.add_sessions(items)


@pytest.fixture
def log(data_dir: Path) -> SessionLog:
    opened = SessionLog.open(data_dir / "sessions.sqlite3")
    yield opened
    opened.close()


def test_the_numbers_add_up_per_week_and_per_routine(log: SessionLog) -> None:
    add(log,
        session("2026-11-16", routine_id="calf", routine_name="Calf", pain_before=6, pain_after=2),
        session("2026-11-18", routine_id="calf", routine_name="Calf release", pain_before=8,
                pain_after=5, notes="  better after the heat  "),
        session("2026-11-23", routine_id="back", routine_name="Back", status="stopped",
                active_seconds=300, pain_before=7),
        session("2026-12-01", routine_id="back", routine_name="Back"))  # outside --until
    data = gather(log, until=date(2026, 11, 30))

    assert data.sessions == 3 and data.minutes == pytest.approx(25)
    assert data.statuses == {"completed": 2, "stopped": 1}
    assert data.period == (date(2026, 11, 16), date(2026, 11, 30))
    assert [(w.week, w.sessions, w.average_before, w.average_after) for w in data.weeks] == [
        ("2026-W47", 2, 7.0, 3.5), ("2026-W48", 1, 7.0, None)]
    calf, back = data.routines
    assert (calf.name, calf.sessions, calf.average_drop) == ("Calf release", 2, 3.5)
    assert (back.sessions, back.completed, back.average_drop) == (1, 0, None)
    assert [(n.started_at[:10], n.notes) for n in data.noted] == [
        ("2026-11-18", "better after the heat")]


def test_the_report_text_names_routines_pain_figures_period_and_the_limits(log: SessionLog) -> None:
    from spasm_timer.ui.report_pdf import report_html

    add(log, session("2026-11-16", routine_name="Calf <release>", pain_before=6, pain_after=2,
                     notes="=1+1 & <b>not bold</b>"))
    text = report_html(gather(log), date(2026, 11, 29))

    assert "Calf &lt;release&gt;" in text and "&lt;b&gt;not bold&lt;/b&gt;" in text
    assert "6.0" in text and "2.0" in text and "+4.0" in text
    assert "16 November 2026 to 16 November 2026" in text
    assert NOT_A_MEDICAL_DEVICE in text


def test_an_empty_period_says_so(log: SessionLog) -> None:
    from spasm_timer.ui.report_pdf import report_html

    text = report_html(gather(log, since=date(2030, 1, 1)), date(2026, 11, 29))
    assert "No sessions were logged in this period." in text
    assert NOT_A_MEDICAL_DEVICE in text


def _pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_report_pdf_of_300_sessions_without_a_display(tmp_path: Path, data_dir: Path) -> None:
    with SessionLog.open(data_dir / "sessions.sqlite3") as filled:
        _fill(filled, 300)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "for the doctor.pdf"
    result = subprocess.run([sys.executable, "-m", "spasm_timer", "report", str(target)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert "300 sessions" in result.stdout
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_mode & 0o077 == 0
    text = _pdf_text(target)
    for _, name in ROUTINES:
        assert name in text
    assert "Average pain before" in text and "Average pain after" in text
    assert "not a medical" in text and "Period covered" in text
    # the 100 calf sessions drop 1 point each; the report says so with its sign
    assert "+1.0" in text and "Woke at 3 a.m. with a cramp" in text


def test_report_since_and_until_keep_to_the_period(qapp, tmp_path: Path, log: SessionLog) -> None:  # type: ignore[no-untyped-def]
    # qapp: in this process the widgets of later tests need a QApplication, not the
    # QGuiApplication the command would make for itself.
    add(log, session("2026-11-10", routine_name="Early routine", pain_before=5, pain_after=3),
        session("2026-11-20", routine_name="Late routine", pain_before=5, pain_after=3))
    target = tmp_path / "report.pdf"
    assert main(["report", str(target), "--since", "2026-11-15", "--until", "2026-11-30"]) == 0
    text = _pdf_text(target)
    assert "Late routine" in text and "Early routine" not in text
    assert "15 November 2026 to 30 November 2026" in text


def test_a_bad_date_or_folder_is_one_clear_line(tmp_path: Path, data_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "r.pdf"), "--since", "yesterday"]) == 2
    assert "--since: expected a date like" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "r.pdf"), "--since", "2026-12-01",
                 "--until", "2026-11-01"]) == 2
    assert main(["report", str(tmp_path / "no such folder" / "r.pdf")]) == 1
    assert "no folder" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists() and not data_dir.exists()


def test_steps_csv_has_a_row_per_step_and_formulas_stay_text(tmp_path: Path, log: SessionLog) -> None:
    add(log, session("2026-11-16", routine_name="=cmd|' /C calc'!A0", pain_before=6, pain_after=2,
                     steps=[step(1, "Warm up", 60, 55.5), step(2, "+Stretch", 30, side="left",
                                                               outcome="skipped", actual=3)]),
        session("2026-11-17", routine_name="Calf"))
    target = tmp_path / "steps.csv"
    assert main(["report", str(target)]) == 0
    with target.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))

    assert len(rows) == 3
    first, second = rows[0], rows[1]
    assert first["routine_name"] == "'=cmd|' /C calc'!A0" and second["title"] == "'+Stretch"
    assert (first["position"], first["step"], first["actual_seconds"], first["pain_before"]) == (
        "0", "1", "55.5", "6")
    assert (second["side"], second["outcome"], second["planned_seconds"]) == (
        "left", "skipped", "30")
    assert rows[2]["started_at"].startswith("2026-11-17")


def test_report_csv_never_imports_qt(tmp_path: Path, data_dir: Path) -> None:
    code = ("import sys, contextlib, io\n"
            "from spasm_timer.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['report', 'steps.csv'])\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "steps.csv").read_text().startswith("session_id,")


def test_the_export_format_page_names_every_field() -> None:
    from spasm_timer.report import STEP_CSV_FIELDS
    from spasm_timer.storage.exchange import FORMAT_KEY, FORMAT_VERSION
    from spasm_timer.storage.log import SESSION_FIELDS, STEP_FIELDS, SUMMARY_FIELDS

    page = (Path(__file__).resolve().parent.parent / "docs" / "export-format.md").read_text()
    for name in {*SESSION_FIELDS, *STEP_FIELDS, *STEP_CSV_FIELDS, FORMAT_KEY}:
        assert f"`{name}`" in page, name
    assert ", ".join(SUMMARY_FIELDS).replace(" ", "") in page.replace("\n", "").replace(" ", "")
    assert f"version **{FORMAT_VERSION}**" in page


def test_an_existing_file_is_replaced_only_with_force(qapp, tmp_path: Path, log: SessionLog,  # type: ignore[no-untyped-def]
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    add(log, session("2026-11-16", routine_name="Calf"))
    for name in ("steps.csv", "report.pdf"):
        target = tmp_path / name
        target.write_text("the person's own file")
        assert main(["report", str(target)]) == 1
        assert "already exists; add --force" in capsys.readouterr().err
        assert target.read_text() == "the person's own file"
        assert main(["report", str(target), "--force"]) == 0
        assert target.read_bytes() != b"the person's own file"
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_a_long_period_is_shown_per_month_or_per_year(log: SessionLog) -> None:
    from spasm_timer.storage.report_data import periods
    from spasm_timer.ui.report_pdf import report_html

    first = date(2020, 1, 6)
    add(log, *(session((first + timedelta(weeks=n)).isoformat(), pain_before=6, pain_after=3)
               for n in range(156)))  # three years, weekly
    data = gather(log)
    unit, shown = periods(data)
    assert unit == "month" and len(shown) == 36 and sum(m.sessions for m in shown) == 156
    assert shown[0].week == "2020-01" and shown[0].average_before == 6.0
    assert "Sessions per month" in report_html(data, date(2026, 11, 29))
    add(log, *(session(f"{2023 + n // 12}-{n % 12 + 1:02d}-15") for n in range(120)))
    unit, shown = periods(gather(log))
    assert unit == "year" and [y.week for y in shown][:2] == ["2020", "2021"]
    assert sum(y.sessions for y in shown) == 276
