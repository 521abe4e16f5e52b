"""Spasm Timer: guided self-massage routines for muscle spasms and cramps."""

__version__ = "0.1.0"

# The app's id for desktops: its desktop entry, icons, AppStream metainfo and notifications.
APP_ID = "io.github.spasmtimer.SpasmTimer"
