"""The voice speaks the app's language: a voice of that language where the engine has one (the
person's own kept when it is one of them), else English words in an English voice, said once.

Qt's mock engine offers English, Norwegian and Finnish voices only. The voice that has the
app's language stands in through `cues_voice.SPEECH_LOCALES`: German is "spoken" by the
mock's Norwegian voices, so the real selection runs against a real engine's locales and voices;
the missing-voice case is the real one (the mock has no German).
"""

from __future__ import annotations

import pytest
from fakes import step
from player_helpers import make_rig
from PySide6.QtCore import QLocale

from spasm_timer import i18n
from spasm_timer.core.spoken_text import side_switch_sentence
from spasm_timer.settings import Settings
from spasm_timer.ui import cues_voice
from spasm_timer.ui.cues import TTS_ENGINE_ENV, CuePlayer

NORWEGIAN = QLocale.Language.NorwegianBokmal


@pytest.fixture(autouse=True)
def mock_speech(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(TTS_ENGINE_ENV, "mock")


@pytest.fixture
def german_is_in_the_engine(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(cues_voice.SPEECH_LOCALES, "de", "nb_NO")


def _session_heard(cues: CuePlayer) -> list[str]:
    rig = make_rig([step(30, kind="pressure", title="Wade", sides="both")], lead_in=3)
    cues.attach(rig.driver)
    rig.driver.start()
    rig.run_to_end()
    return cues.voiced


def _said_in(language: str) -> str:
    with i18n.words_in(language):
        return side_switch_sentence("right")


def test_a_german_app_speaks_german_with_a_voice_of_its_language(  # type: ignore[no-untyped-def]
        qtbot, german_is_in_the_engine):
    i18n.use_language("de")
    cues = CuePlayer(Settings())
    assert cues._speech.locale().language() == NORWEGIAN
    assert cues._speech.voice().locale().language() == NORWEGIAN
    heard = _session_heard(cues)
    assert _said_in("de") in heard and _said_in("en") not in heard
    assert not cues.voice.fallback
    assert i18n._(cues_voice.NO_VOICE_NOTE) not in cues.problems


def test_the_persons_voice_is_kept_when_it_speaks_the_language(  # type: ignore[no-untyped-def]
        qtbot, german_is_in_the_engine):
    i18n.use_language("de")
    cues = CuePlayer(Settings())
    voices = cues.available_voices()
    assert len(voices) >= 2
    default = cues._speech.voice().name()
    chosen = next(name for name in voices if name != default)
    cues.apply_settings(Settings(voice_name=chosen))
    assert cues._speech.voice().name() == chosen


def test_a_voice_of_another_language_is_not_kept(qtbot, german_is_in_the_engine):  # type: ignore[no-untyped-def]
    english_voice = CuePlayer(Settings()).available_voices()[0]  # made in English
    i18n.use_language("de")
    cues = CuePlayer(Settings(voice_name=english_voice))
    assert cues._speech.voice().name() != english_voice
    assert cues._speech.voice().locale().language() == NORWEGIAN


def test_without_a_voice_for_the_language_english_is_spoken_and_said_once(qtbot):  # type: ignore[no-untyped-def]
    i18n.use_language("de")  # the mock engine has no German voice
    cues = CuePlayer(Settings(read_instructions=True))
    messages: list[str] = []
    cues.unavailable.connect(messages.append)
    assert cues._speech.locale().language() == QLocale.Language.English
    heard = _session_heard(cues)
    assert _said_in("en") in heard and _said_in("de") not in heard
    assert not any("Gently" in said for said in heard)  # a German paragraph is not read
    cues.apply_settings(Settings())  # settings applied again, a second session: said once
    _session_heard(cues)
    note = i18n._(cues_voice.NO_VOICE_NOTE)
    qtbot.waitUntil(lambda: note in messages)
    qtbot.wait(1)
    assert messages.count(note) == 1
    assert "Englisch" in note  # the note itself is German, for the German app


def test_the_time_left_asked_for_is_spoken_in_the_voices_language(qtbot):  # type: ignore[no-untyped-def]
    i18n.use_language("es")  # no Spanish voice in the mock engine either
    cues = CuePlayer(Settings())
    said = cues.say(lambda: i18n._("Halfway"))
    assert said == "Halfway" and cues.voiced[-1] == "Halfway"
    assert i18n._("Halfway") != "Halfway"  # the screen stays Spanish


def test_an_english_app_keeps_an_english_voice(qtbot):  # type: ignore[no-untyped-def]
    cues = CuePlayer(Settings())
    assert cues._speech.locale().language() == QLocale.Language.English
    assert not cues.voice.fallback


def test_words_in_a_language_last_for_the_block_only() -> None:
    i18n.use_language("de")
    with i18n.words_in("en"):
        assert i18n._("Halfway") == "Halfway" and i18n.current_language() == "en"
    assert i18n._("Halfway") != "Halfway" and i18n.current_language() == "de"


def test_no_voice_note_while_the_voice_is_off(qtbot):  # type: ignore[no-untyped-def]
    i18n.use_language("de")
    cues = CuePlayer(Settings(voice_on=False))
    note = i18n._(cues_voice.NO_VOICE_NOTE)
    assert note not in cues.problems
    cues.apply_settings(Settings(voice_on=True))  # turned on: now it matters
    assert note in cues.problems


def test_t_says_the_time_left_in_the_voices_language_and_shows_it_in_the_apps(  # type: ignore[no-untyped-def]
        qtbot, data_dir):
    from fakes import FakeClock
    from PySide6.QtCore import Qt
    from window_helpers import make_logged_window

    from spasm_timer import paths
    from spasm_timer.settings import SettingsFile

    SettingsFile(paths.DataPaths(data_dir).settings).save(Settings(safety_note_seen=True))
    i18n.use_language("de")  # no German voice in the mock engine: the voice speaks English
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.cues_on_demand()  # as the app does once its window is up
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    assert window.cues is not None
    qtbot.keyClick(window.player, Qt.Key.Key_T)
    spoken = window.cues.voiced[-1]
    shown = window.hands_free.say_time_left()
    assert spoken != shown  # the same time, in two languages
    with i18n.words_in("en"):
        assert spoken == window.hands_free.say_time_left()
    window.close()
