"""Sound cues keep every Qt object on the GUI thread (a freeze otherwise: see sound_cue.py)."""

from __future__ import annotations

import threading

import pytest

from spasm_timer.paths import sounds_dir
from spasm_timer.settings import Settings

QtMultimedia = pytest.importorskip("PySide6.QtMultimedia")

from spasm_timer.ui.cues import SOUND_NAMES, CuePlayer  # noqa: E402
from spasm_timer.ui.sound_cue import SoundCue, SoundCueError, read_wav  # noqa: E402


def test_cues_never_use_qsoundeffect(qtbot, monkeypatch):
    # QSoundEffect (Qt 6.10 and later) may free a finished sound on the audio thread, with a
    # notifier of the GUI thread inside; the GUI thread's event loop then spins for good.
    made: list[object] = []

    class Recorded:
        def __init__(self, *args: object) -> None:
            made.append(self)

    monkeypatch.setattr(QtMultimedia, "QSoundEffect", Recorded)
    monkeypatch.setattr(QtMultimedia.QMediaDevices, "audioOutputs",
                        staticmethod(lambda: ["speaker"]))
    cues = CuePlayer(Settings(voice_on=False))
    assert made == []
    assert sorted(cues._effects) == sorted(SOUND_NAMES)
    assert all(effect.thread() is cues.thread() for effect in cues._effects.values())


def test_every_bundled_sound_loads():
    for name in SOUND_NAMES:
        audio_format, samples = read_wav(sounds_dir() / f"{name}.wav")
        assert audio_format.isValid()
        assert len(samples) == audio_format.bytesForFrames(len(samples) //
                                                           audio_format.bytesPerFrame())
        assert samples


def test_a_damaged_sound_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "tick.wav"
    broken.write_bytes(b"RIFF not really")
    with pytest.raises(SoundCueError, match=r"tick\.wav"):
        SoundCue(broken)


def test_a_damaged_sound_turns_sound_cues_off_once(qtbot, monkeypatch):
    monkeypatch.setattr(QtMultimedia.QMediaDevices, "audioOutputs",
                        staticmethod(lambda: ["speaker"]))
    monkeypatch.setattr("spasm_timer.ui.cues.sounds_dir", lambda: sounds_dir().parent)
    cues = CuePlayer(Settings(voice_on=False))  # no .wav files there: none loads
    messages: list[str] = []
    cues.unavailable.connect(messages.append)
    qtbot.waitUntil(lambda: bool(messages))
    qtbot.wait(10)
    assert messages == ["The sound cues could not be played: sound cues are off."]
    assert cues._effects == {}


def test_a_played_sound_ends_and_is_cleared_on_the_gui_thread(qtbot):
    if QtMultimedia.QMediaDevices.defaultAudioOutput().isNull():
        pytest.skip("no audio output on this computer")
    cue = SoundCue(sounds_dir() / "tick.wav")
    deleted_on: list[str] = []
    cue.play()
    assert cue.isPlaying()
    for sink, source in cue._playing:
        assert sink.thread() is cue.thread() and source.thread() is cue.thread()
        sink.destroyed.connect(lambda *_: deleted_on.append(threading.current_thread().name))
    qtbot.waitUntil(lambda: not cue.isPlaying(), timeout=5000)
    qtbot.waitUntil(lambda: bool(deleted_on), timeout=2000)
    assert deleted_on == [threading.main_thread().name]
