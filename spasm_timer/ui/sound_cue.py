"""One sound cue (a chime, a tick), played through a QAudioSink made on the GUI thread.

Not QSoundEffect: from Qt 6.10 its audio engine can free a sound that has just finished on
the audio thread, and with it a socket notifier that belongs to the GUI thread. Qt then
cannot take the notifier out of the GUI thread's event loop ("Socket notifiers cannot be
enabled or disabled from another thread"), the descriptor behind it is closed, and the event
loop spins on it for good ("QSocketNotifier: Invalid socket ..."): the countdown freezes.
Here every Qt object of a cue is made, stopped and deleted on the thread that owns it.
"""

from __future__ import annotations

import wave
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

SAMPLE_FORMATS = {1: QAudioFormat.SampleFormat.UInt8, 2: QAudioFormat.SampleFormat.Int16,
                  4: QAudioFormat.SampleFormat.Int32}


class SoundCueError(Exception):
    """The file is not a sound this player can play (the message says why)."""


def read_wav(path: Path) -> tuple[QAudioFormat, bytes]:
    """The format and the samples of a PCM .wav file."""
    try:
        with wave.open(str(path), "rb") as sound:
            width = sound.getsampwidth()
            if width not in SAMPLE_FORMATS:
                raise SoundCueError(f"{path.name}: {8 * width}-bit samples are not supported")
            audio_format = QAudioFormat()
            audio_format.setSampleRate(sound.getframerate())
            audio_format.setChannelCount(sound.getnchannels())
            audio_format.setSampleFormat(SAMPLE_FORMATS[width])
            return audio_format, sound.readframes(sound.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise SoundCueError(f"{path.name}: {error}") from error


class SoundCue(QObject):
    """Plays one preloaded sound, as often as asked; plays that overlap each get a sink.

    `failed(str)` is sent when the sound cannot be played on this computer's output."""

    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = path.stem
        self.format, samples = read_wav(path)
        self._samples = QByteArray(samples)
        self._volume = 1.0
        self._playing: list[tuple[QAudioSink, QBuffer]] = []

    def play(self) -> None:
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull() or not device.isFormatSupported(self.format):
            self.failed.emit(f"{self.name}: the audio output cannot play this sound")
            return
        sink = QAudioSink(device, self.format, self)
        sink.setVolume(self._volume)
        source = QBuffer(self)
        source.setData(self._samples)
        source.open(QIODevice.OpenModeFlag.ReadOnly)
        self._playing.append((sink, source))
        # A bound method, not a lambda: Qt drops the call if this cue is deleted first.
        sink.stateChanged.connect(self._state_changed)
        sink.start(source)

    def _state_changed(self, state: QAudio.State) -> None:  # QAudio: PySide calls it only so
        sink = self.sender()
        if not isinstance(sink, QAudioSink):
            return
        if state == QAudio.State.IdleState:  # all samples played
            self._finish(sink)
        elif state == QAudio.State.StoppedState:
            if sink.error() not in (QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
                self.failed.emit(f"{self.name}: the audio output stopped ({sink.error().name})")
            self._finish(sink)

    def _finish(self, sink: QAudioSink) -> None:
        for entry in list(self._playing):
            if entry[0] is sink:
                self._playing.remove(entry)
                sink.stateChanged.disconnect(self._state_changed)
                sink.stop()
                sink.deleteLater()  # later: this runs inside the sink's own signal
                entry[1].deleteLater()

    def isPlaying(self) -> bool:
        return bool(self._playing)

    def setVolume(self, volume: float) -> None:
        self._volume = volume
        for sink, _source in self._playing:
            sink.setVolume(volume)

    def volume(self) -> float:
        return self._volume
