"""The session's keys: what each action is bound to by default, and the one more key a person
may give each action (a clicker's PageDown, a foot pedal's F-key). Plain Python: keys are the
portable names Qt writes (`QKeySequence.toString()`: "Space", "PgDown", "F5", "B")."""

from __future__ import annotations

from collections.abc import Mapping

from spasm_timer.i18n import N_, _

# Action → what the person reads in Settings and the README, in this order (English, marked
# for the catalogs: action_words() says it in the language in use).
ACTIONS = {
    "play_pause": N_("Start, pause, resume"),
    "next": N_("Next: skip the rest of this step"),
    "previous": N_("Back: the previous step again"),
    "done": N_("Done: end a step with a range"),
    "extend": N_("10 seconds more"),
    "stop": N_("Stop (asks first)"),
    "mute": N_("Mute"),
    "time_left": N_("Say the time left"),
    "full_screen": N_("Full screen"),
}
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "play_pause": ("Space",),
    "next": ("Right", "N"),
    "previous": ("Left", "P"),
    "done": ("Return", "Enter"),
    "extend": ("+", "="),
    "stop": ("Esc",),
    "mute": ("M",),
    "time_left": ("T",),
    "full_screen": ("F11",),
}
MAX_KEY_NAME = 40


def action_words(action: str) -> str:
    """What an action does, in the language in use: "Start, pause, resume"."""
    return _(ACTIONS[action])


def owner_of(key: str, extra_keys: Mapping[str, str], ignore: str | None = None) -> str | None:
    """The action that `key` already does (by default, or as another action's own key);
    `ignore` is the action being given a key, whose own extra key may be replaced."""
    wanted = key.casefold()
    for action, keys in DEFAULT_KEYS.items():
        if wanted in (k.casefold() for k in keys):
            return action
    for action, extra in extra_keys.items():
        if action != ignore and extra.casefold() == wanted:
            return action
    return None


def refusal(action: str, key: str, extra_keys: Mapping[str, str]) -> str | None:
    """Why `key` cannot be given to `action`, in words for the person; None when it can."""
    if not key:
        return None
    if any(part in key for part in ("Ctrl+", "Alt+", "Meta+", "Shift+")) or "," in key:
        return _("{key}: choose one key, without Ctrl, Alt or Shift.").format(key=key)
    owner = owner_of(key, extra_keys, ignore=action)
    if owner == action:
        return _("{key} already does “{action}”.").format(key=key, action=action_words(action))
    if owner is not None:
        return _("{key} already does “{action}”; choose another key.").format(
            key=key, action=action_words(owner))
    return None


def read_extra_keys(value: object) -> dict[str, str] | None:
    """The extra keys as read from settings.json; None when they cannot be used as written
    (not a mapping, an unknown action, a key taken twice)."""
    if not isinstance(value, dict):
        return None
    chosen: dict[str, str] = {}
    for action, key in value.items():
        if action not in ACTIONS or not isinstance(key, str) or len(key) > MAX_KEY_NAME:
            return None
        if not key.isprintable() or refusal(action, key, chosen):
            return None
        if key:
            chosen[action] = key
    return chosen
