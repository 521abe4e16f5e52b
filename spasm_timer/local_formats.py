"""Dates and numbers the way the language in use writes them: "7 December 2026", "7. Dezember
2026", "7 de diciembre de 2026"; "4.5", "4,5". From the catalogs, so the command line, the
window and the PDF report agree without the machine having that locale installed."""

from __future__ import annotations

from datetime import date

from spasm_timer.i18n import pgettext


def month_name(month: int) -> str:
    """The month's name (1 = January) in the language in use."""
    return (
        pgettext("month", "January"), pgettext("month", "February"),
        pgettext("month", "March"), pgettext("month", "April"), pgettext("month", "May"),
        pgettext("month", "June"), pgettext("month", "July"), pgettext("month", "August"),
        pgettext("month", "September"), pgettext("month", "October"),
        pgettext("month", "November"), pgettext("month", "December"),
    )[month - 1]


def short_month_name(month: int) -> str:
    """The month's short name for a chart's axis ("Dec", "Dez.", "dic.")."""
    return (
        pgettext("short month", "Jan"), pgettext("short month", "Feb"),
        pgettext("short month", "Mar"), pgettext("short month", "Apr"),
        pgettext("short month", "May"), pgettext("short month", "Jun"),
        pgettext("short month", "Jul"), pgettext("short month", "Aug"),
        pgettext("short month", "Sep"), pgettext("short month", "Oct"),
        pgettext("short month", "Nov"), pgettext("short month", "Dec"),
    )[month - 1]


def weekday_name(weekday: int) -> str:
    """The day's name (0 = Monday) in the language in use."""
    return (
        pgettext("weekday", "Monday"), pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"), pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"), pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )[weekday]


def short_weekday_name(weekday: int) -> str:
    """The day's short name (0 = Monday) in the language in use: "Sat", "Sa.", "sáb"."""
    return (
        pgettext("short weekday", "Mon"), pgettext("short weekday", "Tue"),
        pgettext("short weekday", "Wed"), pgettext("short weekday", "Thu"),
        pgettext("short weekday", "Fri"), pgettext("short weekday", "Sat"),
        pgettext("short weekday", "Sun"),
    )[weekday]


def long_date(day: date) -> str:
    """ "7 December 2026" in English."""
    return pgettext("long date", "{day} {month} {year}").format(
        day=day.day, month=month_name(day.month), year=day.year)


def short_date(day: date) -> str:
    """ "7 Dec 26" in English: for chart axes and narrow columns."""
    return pgettext("short date", "{day} {month} {year}").format(
        day=day.day, month=short_month_name(day.month), year=f"{day.year % 100:02d}")


def numeric_date(day: date) -> str:
    """ "2026-12-07" in English, "07.12.2026" in German, "07/12/2026" in Spanish: for tables."""
    return pgettext("numeric date", "{year}-{month:02d}-{day:02d}").format(
        day=day.day, month=day.month, year=day.year)


def decimal(value: float, places: int = 1) -> str:
    """ "4.5" in English, "4,5" in German and Spanish."""
    text = f"{value:.{places}f}"
    return text.replace(".", pgettext("decimal separator", "."))


def whole_number(value: float) -> str:
    """ "12,500" in English, "12.500" in German and Spanish; a fraction is rounded."""
    return f"{round(value):,}".replace(",", pgettext("thousands separator", ","))


def session_status(status: str) -> str:
    """A session's status as the log keeps it ("completed", English, never translated) in
    the person's words, for a line or a cell of text; History's table has its own labels."""
    words = {"completed": pgettext("session status", "completed"),
             "stopped": pgettext("session status", "stopped"),
             "interrupted": pgettext("session status", "interrupted"),
             "in progress": pgettext("session status", "in progress")}
    return words.get(status, status)
