"""Cues the person can follow eyes closed: sounds and words at the right moments, or silence
that is announced once when the machine has no audio or no speech engine."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fakes import step
from player_helpers import make_rig
from PySide6.QtCore import Qt

from spasm_timer.settings import Settings
from spasm_timer.ui.cues import TTS_ENGINE_ENV, CuePlayer
from spasm_timer.ui.player import PlayerView


@pytest.fixture(autouse=True)
def mock_speech(monkeypatch):
    monkeypatch.setenv(TTS_ENGINE_ENV, "mock")


def run_both_sides_listening():
    """A short both-sides routine run to its end, with every `unavailable` message kept."""
    rig = make_rig([step(5, sides="both")])
    cues = CuePlayer(Settings())
    cues.attach(rig.driver)
    messages = []
    cues.unavailable.connect(messages.append)
    rig.driver.start()
    rig.run_to_end()
    return rig, cues, messages


def cues_for(qtbot, rig, settings=None):
    cues = CuePlayer(settings or Settings())
    cues.attach(rig.driver)
    return cues


def test_showing_the_player_does_not_load_multimedia_or_speech():
    # The first paint must not wait for Qt Multimedia or TextToSpeech to load.
    probe = ("import sys, spasm_timer.ui.player, spasm_timer.ui.tray; "
             "print(any(m in sys.modules for m in "
             "('PySide6.QtMultimedia', 'PySide6.QtTextToSpeech')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_lead_in_side_switch_and_the_end_are_spoken(qtbot):
    rig = make_rig([step(20, kind="stretch", title="Calf stretch", sides="both")], lead_in=3)
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    assert cues.spoken == ["Next: Calf stretch, left side. Get ready."]
    rig.run_to_end()
    assert "Switch to the right side" in cues.spoken
    assert "Next: Calf stretch, right side. Get ready." in cues.spoken
    assert cues.spoken.count("Halfway") == 2  # 20 s holds are long enough to say it
    assert cues.spoken[-1] == "Session complete. Well done."


def test_the_mock_engine_receives_the_words(qtbot):
    rig = make_rig([step(5, sides="both")])
    cues = cues_for(qtbot, rig)
    said = []
    cues._speech.enqueue = said.append  # the mock engine speaks instantly and silently
    rig.driver.start()
    rig.run_to_end()
    assert "Switch to the right side" in said


def test_sounds_follow_the_countdown(qtbot):
    rig = make_rig([step(30)])
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    rig.run_to_end()
    assert cues.played == ["step_start", "halfway", "tick", "tick", "tick", "step_end",
                           "session_end"]
    assert "10 seconds left" in cues.spoken
    assert "Halfway" in cues.spoken


def test_short_holds_get_the_halfway_chime_but_no_words(qtbot):
    rig = make_rig([step(12)])
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    rig.run_to_end()
    assert "halfway" in cues.played
    assert "Halfway" not in cues.spoken


def test_skin_check_on_long_heat(qtbot):
    rig = make_rig([step(15 * 60, kind="heat")])
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    rig.run_to_end()
    assert cues.spoken.count("Check your skin") == 2  # at 5 and 10 minutes
    assert cues.played.count("reminder") == 2


def test_m_in_the_player_mutes_every_cue(qtbot):
    # Stretches: a pressure step would speak its ease-off reminder before M is pressed.
    rig = make_rig([step(30, kind="stretch"), step(30, kind="stretch")])
    cues = cues_for(qtbot, rig)
    view = PlayerView(rig.driver)
    qtbot.addWidget(view)
    view.mute_toggled.connect(cues.set_muted)
    view.show()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert cues.played == ["step_start"]
    qtbot.keyClick(view, Qt.Key.Key_M)
    rig.run_to_end()
    assert cues.played == ["step_start"]
    assert cues.spoken == []


def test_settings_switch_sounds_and_voice_off_at_once(qtbot):
    rig = make_rig([step(30)])
    cues = cues_for(qtbot, rig)
    cues.apply_settings(Settings(sounds_on=False, voice_on=False))
    rig.driver.start()
    rig.run_to_end()
    assert cues.played == [] and cues.spoken == []


def test_voice_and_rate_from_settings(qtbot):
    cues = CuePlayer(Settings())
    assert cues.available_voices()  # the mock engine has a couple
    chosen = cues.available_voices()[-1]
    cues.apply_settings(Settings(voice_name=chosen, voice_rate=0.5, volume=40))
    assert cues._speech.voice().name() == chosen
    assert cues._speech.rate() == pytest.approx(0.5)


def test_no_audio_device_is_said_once_and_the_session_completes(qtbot, monkeypatch):
    # Where Qt Multimedia itself cannot load (no libpulse), see test_cue_ends.py.
    QMediaDevices = pytest.importorskip("PySide6.QtMultimedia").QMediaDevices  # noqa: N806

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(list))
    rig = make_rig([step(5), step(5)])
    cues = CuePlayer(Settings())
    cues.attach(rig.driver)
    messages = []
    cues.unavailable.connect(messages.append)
    qtbot.waitUntil(lambda: len(messages) >= 1)
    with qtbot.waitSignal(rig.driver.finished):
        rig.driver.start()
        rig.run_to_end()
    qtbot.wait(10)
    assert messages == ["No audio output found: sound cues are off."]


def test_a_sound_that_fails_to_load_is_said_once(qtbot, monkeypatch):
    QMediaDevices = pytest.importorskip("PySide6.QtMultimedia").QMediaDevices  # noqa: N806

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: ["speaker"]))
    cues = CuePlayer(Settings())
    messages = []
    cues.unavailable.connect(messages.append)
    cues._sound_failed("step_end: the audio output cannot play this sound")
    cues._sound_failed("tick: the audio output cannot play this sound")
    qtbot.waitUntil(lambda: len(messages) >= 1)
    qtbot.wait(10)
    assert messages == ["The sound cues could not be played: sound cues are off."]


def test_no_speech_engine_is_said_once_and_never_raises(qtbot, monkeypatch):
    monkeypatch.setenv(TTS_ENGINE_ENV, "no-such-engine")
    _rig, cues, messages = run_both_sides_listening()
    qtbot.waitUntil(lambda: any("speech" in m for m in messages))
    assert [m for m in messages if "speech" in m] == [
        "No speech engine found: voice cues are off."]
    assert "Switch to the right side" in cues.spoken  # still shown as the last cue
    assert cues.available_voices() == []


STUCK_ENGINE = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_a_stuck_speech_engine_never_freezes_the_session(qtbot, monkeypatch):
    # A real engine other than mock is probed in a child process first; this one never answers.
    monkeypatch.setenv(TTS_ENGINE_ENV, "")
    monkeypatch.setattr(CuePlayer, "PROBE_TIMEOUT_MS", 300)
    monkeypatch.setattr(CuePlayer, "probe_command", lambda self, engine: (STUCK_ENGINE[0], STUCK_ENGINE[1:]))
    rig, cues, messages = run_both_sides_listening()  # the countdown ran while the probe hung
    assert rig.driver.is_over
    speech = lambda: [m for m in messages if "speech" in m]  # noqa: E731
    qtbot.waitUntil(lambda: bool(speech()), timeout=3000)
    qtbot.wait(50)
    assert speech() == ["The speech engine did not answer: voice cues are off."]
    assert cues.available_voices() == []


def test_an_engine_that_answers_its_probe_speaks(qtbot, monkeypatch):
    # The real probe process, run on the mock engine, answers; then the engine is made here.
    monkeypatch.setattr(CuePlayer, "ENGINES_NOT_PROBED", ())
    cues = CuePlayer(Settings())
    assert cues.available_voices() == []  # not yet: the probe is under way
    qtbot.waitUntil(lambda: bool(cues.available_voices()), timeout=15000)
    assert not [problem for problem in cues.problems if "speech" in problem]


def test_with_voice_off_no_engine_is_probed_until_it_is_turned_on(qtbot, monkeypatch):
    monkeypatch.setenv(TTS_ENGINE_ENV, "")
    probed = []
    monkeypatch.setattr(CuePlayer, "probe_command",
                        lambda self, engine: probed.append(engine) or (STUCK_ENGINE[0], STUCK_ENGINE[1:]))
    cues = CuePlayer(Settings(voice_on=False))
    assert probed == []
    cues.apply_settings(Settings(voice_on=True))
    assert probed == [""]
    cues._probe.kill()
    cues._probe.waitForFinished(1000)


def test_waking_after_the_computer_slept_through_a_step_is_announced(qtbot):
    rig = make_rig([step(20 * 60, kind="cold"), step(30)])
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    rig.clock.advance(40 * 60)  # the laptop slept through the whole cold step
    rig.driver.on_timer()
    assert cues.spoken[-1] == "Time is up. The step ended while the computer was asleep. Paused."
    assert cues.played[-1] == "reminder"  # no "step start" chime for a step that waits, paused
    assert rig.driver.state.value == "paused"


def test_next_while_paused_does_not_chime_a_start_that_has_not_happened(qtbot):
    rig = make_rig([step(30), step(30)])
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    rig.driver.pause()
    cues.played.clear()
    rig.driver.next()
    assert "step_start" not in cues.played


def test_a_soft_tick_says_once_when_a_ranged_hold_may_end(qtbot):
    from fakes import ranged

    rig = make_rig([step(ranged(20, 10, 30), kind="stretch", title="Stretch")])
    cues = cues_for(qtbot, rig)
    rig.driver.start()
    rig.run_for(9.5)
    ticks_before = cues.played.count("tick")
    rig.run_for(1)  # 10 s: Done is possible now
    assert cues.played.count("tick") == ticks_before + 1
    rig.run_for(5)
    assert cues.played.count("tick") == ticks_before + 1  # once, not at every second


def test_voices_of_the_app_language_come_first_then_by_name():
    from PySide6.QtCore import QLocale

    from spasm_timer.ui.cues import voice_order

    class Voice:
        def __init__(self, name, locale):
            self._name, self._locale = name, QLocale(locale)

        def name(self):
            return self._name

        def locale(self):
            return self._locale

    voices = [Voice("zed", "fr_FR"), Voice("Bob", "de_DE"), Voice("anne", "en_GB"),
              Voice("Alma", "de_AT"), Voice("Carl", "en_US")]
    previous = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    try:
        ordered = [voice.name() for voice in sorted(voices, key=voice_order)]
    finally:
        QLocale.setDefault(previous)
    assert ordered == ["Alma", "Bob", "anne", "Carl", "zed"]
