"""The voice speaks the app's language: which of the speech engine's voices, and what it says
when the engine has none for that language.

The engine's locale is set to the app's language (`spasm_timer.i18n.current_language()`), the
desktop's own country first where the engine has it (es_MX before es_ES), and the voice the
person chose in Settings is kept when it is one of that language's voices; otherwise the
engine's own voice for the locale speaks.

Where the engine has no voice for the app's language, the voice speaks English, in English
words, and the app says so once. German words read by an English voice come out garbled,
which at 3 a.m. with eyes closed is worse than plain English; and without any voice the
person would lose the spoken skin check and side switch. The routine's own titles are said as
they are written; the step's instructions, whole paragraphs of the app's language, are not
read aloud by a voice of another language (the screen still shows them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale

from spasm_timer.i18n import DEFAULT_LANGUAGE, N_

# Where each of the app's languages is spoken when the desktop names no country of it: the
# app's English is British. A table, so that a test can stand in a language Qt's mock engine
# has (it offers English, Norwegian and Finnish only).
SPEECH_LOCALES: dict[str, str] = {"en": "en_GB", "de": "de_DE", "es": "es_ES"}
# Said once when the engine has no voice of the app's language. Each language's catalog
# names itself ("No German voice…"), since only the German catalog ever says it in German.
NO_VOICE_NOTE = N_("No voice for this language is installed on this computer, so the voice "
                   "speaks English. Once one is installed, the voice speaks this language.")


@dataclass(frozen=True)
class VoiceChoice:
    """What the engine was set to: `language`, the app language code whose words the voice
    speaks; `fallback`, True when that is English only because the app's language has no
    voice."""

    language: str
    fallback: bool = False


def speech_locale(code: str) -> QLocale:
    return QLocale(SPEECH_LOCALES.get(code, code))


def engine_locale(speech: Any, main: QLocale) -> QLocale | None:
    """The engine's locale for the language of `main`: the desktop's own (de_AT) where the
    engine has it, then `main` (de_DE), then any; None when the engine has none."""
    language = main.language()
    offered = [locale for locale in speech.availableLocales() if locale.language() == language]
    if not offered:
        return None
    names = [locale.name() for locale in offered]
    for wanted in (QLocale.system().name(), main.name()):
        if wanted in names:
            return offered[names.index(wanted)]
    return offered[0]


def use_language(speech: Any, main: QLocale, voice_name: str) -> bool:
    """Sets the engine to speak the language of `main`, in the person's voice if it is one of
    it. False, and the engine left as it was, when the engine has no voice for it."""
    locale, language = engine_locale(speech, main), main.language()
    if locale is None:
        return False
    if speech.locale() != locale:
        speech.setLocale(locale)
    if speech.locale().language() != language:
        return False  # the engine refused the locale it listed
    if voice_name and speech.voice().name() != voice_name:
        for voice in speech.availableVoices():
            if voice.name() == voice_name and voice.locale().language() == language:
                speech.setVoice(voice)
                break
    return True


def choose_voice(speech: Any, code: str, voice_name: str) -> VoiceChoice:
    """The voice for the app language `code`, else an English one (see the module's note)."""
    if use_language(speech, speech_locale(code), voice_name):
        return VoiceChoice(code)
    if code == DEFAULT_LANGUAGE:
        return VoiceChoice(code)  # no English voice either: the engine's own voice speaks
    use_language(speech, speech_locale(DEFAULT_LANGUAGE), voice_name)
    return VoiceChoice(DEFAULT_LANGUAGE, fallback=True)
