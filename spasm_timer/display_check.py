"""Can a window be shown here? Asked before Qt is loaded, because Qt's answer to "no" is to
abort the process (SIGABRT, exit 134) with a long message about reinstalling the application.

The check only connects to the display server's socket and closes it again: a fraction of a
millisecond, no bytes sent. Plain Python, no Qt.
"""

from __future__ import annotations

import os
import socket
import sys

from spasm_timer.i18n import _

# Platforms that need a display server; Qt's others (offscreen, minimal, vnc, eglfs, ...) do not.
_X11 = ("xcb",)
_WAYLAND = ("wayland", "wayland-egl")
CONNECT_TIMEOUT_SECONDS = 1.0


def _connects(family: int, address: str | tuple[str, int]) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(CONNECT_TIMEOUT_SECONDS)
            probe.connect(address)
        return True
    except (OSError, ValueError):
        return False


def x11_reachable(display: str) -> bool:
    """True when an X server answers at `display` (`:0`, `:1.0`, `host:10`, `/path:0`)."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return True  # a form this check does not know: leave the answer to Qt
    if host.startswith("/"):  # a socket path (XQuartz and the like)
        return _connects(socket.AF_UNIX, host)
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"  # noqa: S108 - where X servers put their socket
        # Linux servers also listen on an abstract socket of the same name.
        return _connects(socket.AF_UNIX, "\0" + path) or _connects(socket.AF_UNIX, path)
    return _connects(socket.AF_INET6 if ":" in host else socket.AF_INET,
                     (host.strip("[]"), 6000 + int(number)))


def wayland_reachable(name: str) -> bool:
    """True when a Wayland compositor answers at WAYLAND_DISPLAY `name`."""
    if not os.path.isabs(name):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not runtime:
            return False  # Wayland clients find the socket only there
        name = os.path.join(runtime, name)
    return _connects(socket.AF_UNIX, name)


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why no window can be shown here, in one line, or None when one can (or when this
    check cannot tell: then Qt decides)."""
    env = os.environ if environ is None else environ
    if sys.platform in ("win32", "darwin"):
        return None
    wanted = [name.split(":")[0].strip() for name in env.get("QT_QPA_PLATFORM", "").split(";")
              if name.strip()]
    if any(name not in _X11 + _WAYLAND for name in wanted):
        return None  # offscreen, vnc, eglfs ...: no display server needed
    wanted = wanted or list(_X11 + _WAYLAND)
    x_display = env.get("DISPLAY", "")
    wayland = env.get("WAYLAND_DISPLAY", "")
    if not x_display and not wayland:
        return _("no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
                 "to run without a screen, set QT_QPA_PLATFORM=offscreen")
    tried = []
    if wayland and any(name in _WAYLAND for name in wanted):
        if wayland_reachable(wayland):
            return None
        tried.append(_("no Wayland compositor answers at WAYLAND_DISPLAY={display}")
                     .format(display=wayland))
    if x_display and any(name in _X11 for name in wanted):
        if x11_reachable(x_display):
            return None
        tried.append(_("no X display answers at DISPLAY={display}").format(display=x_display))
    if not tried:
        return None
    return _("cannot open a window: {reasons}. Start the app inside your desktop session, "
             "or set QT_QPA_PLATFORM=offscreen to run without a screen").format(
                 reasons="; ".join(tried))
