"""Sounds and spoken words for a session, so the person can follow it eyes closed.

`CuePlayer` listens to a `SessionDriver`'s events and turns them into short sounds (the WAVs in
assets/sounds) and a few spoken sentences. Qt Multimedia and Qt TextToSpeech are imported only
when a `CuePlayer` is built: the player window must paint first, and must also work on a
machine that has neither an audio device nor a speech engine. In that case the session runs
silently and `unavailable` says so once for each missing part; nothing ever raises.

`spoken` and `played` record what was cued (also when no device could play it), `voiced` what
reached the speech engine, for tests and for a "last cue" line on screen.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from spasm_timer.core.events import (
    COMPLETED,
    Halfway,
    Overslept,
    SecondsLeft,
    SegmentStarted,
    SessionEnded,
    SessionEvent,
    SideSwitch,
    SkinCheck,
    StepEnded,
    StepStarted,
)
from spasm_timer.core.night import NIGHT_VOLUME_SHARE
from spasm_timer.core.session import SessionState
from spasm_timer.core.spoken_text import (
    HALFWAY_SENTENCE,
    OVERSLEPT_SENTENCE,
    SESSION_DONE_SENTENCE,
    SKIN_CHECK_SENTENCE,
    SPOKEN_SECONDS_LEFT,
    first_round_reminder,
    instructions_sentence,
    lead_in_sentence,
    seconds_left_sentence,
    side_switch_sentence,
)
from spasm_timer.core.timeline import ROLE_LEAD_IN
from spasm_timer.i18n import _, current_language, words_in
from spasm_timer.paths import sounds_dir
from spasm_timer.settings import Settings
from spasm_timer.ui.cues_voice import NO_VOICE_NOTE, VoiceChoice, choose_voice
from spasm_timer.ui.theme import night_now

TTS_ENGINE_ENV = "SPASM_TIMER_TTS_ENGINE"
SOUND_NAMES = ("step_start", "halfway", "tick", "side_switch", "step_end", "session_end",
               "reminder")
DONE_POSSIBLE_SOUND = "tick"
# "Halfway" spoken on short holds would talk over the whole step; the chime is enough there.
SPOKEN_HALFWAY_MIN_SECONDS = 20
_PROBE_GAVE_UP = object()
# Words cued while the engine was still being checked are said once it is up, if this recent.
WAITING_WORDS_KEEP_SECONDS = 20.0
# Before quitting: wait for the last cues this long at most, looking this often.
QUIET_WAIT_MS = 6000
QUIET_POLL_MS = 100
SPEECH_START_GRACE_SECONDS = 0.8



def voice_order(voice: Any) -> tuple[bool, str]:
    """The voices of the app's language first (hundreds are common), then by name."""
    from PySide6.QtCore import QLocale

    return (voice.locale().language() != QLocale().language(), voice.name().casefold())


class CuePlayer(QObject):
    """Plays sounds and speaks cues for the events of a driver, following the settings.

    Signals: `unavailable(message)` once when sound, and once when speech, cannot work.
    Methods: `attach(driver)`, `on_event(event)`, `set_muted(bool)`, `apply_settings(settings)`,
    `available_voices()`.
    """

    unavailable = Signal(str)
    # A working engine answers in well under a second, a few on a busy machine; a stuck one
    # never does.
    PROBE_TIMEOUT_MS = 15000
    # Qt's mock engine only records words: nothing there can get stuck.
    ENGINES_NOT_PROBED = ("mock",)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.muted = False
        self.spoken: list[str] = []
        self.voiced: list[str] = []  # what reached the speech engine
        self.played: list[str] = []
        self.problems: list[str] = []  # every message sent through `unavailable`
        self._problem_kinds: set[str] = set()
        self._effects: dict[str, Any] = {}
        self._speech: Any = None
        self._driver: Any = None
        self._probe: Any = None  # the speech probe under way, or _PROBE_GAVE_UP
        self._probe_engine = ""
        # said before the engine was up: when, what, and in which language
        self._waiting_words: list[tuple[float, str, str]] = []
        self.voice = VoiceChoice(current_language())  # see cues_voice.py
        self._last_cue_at = 0.0
        self._probe_timer = QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._load_sounds()
        self._load_speech()
        self.apply_settings(settings)

    # ---------------------------------------------------------------- wiring

    def attach(self, driver: QObject) -> None:
        """Listen to a driver's events (one driver per session)."""
        self._driver = driver
        self._done_cued_at: int | None = None
        driver.event_occurred.connect(self.on_event)  # type: ignore[attr-defined]
        driver.display_changed.connect(self._cue_done_possible)  # type: ignore[attr-defined]

    def _cue_done_possible(self) -> None:
        """A ranged hold may now end: one soft tick, no words (ending is the person's call)."""
        driver = self._driver
        if driver is None or driver.state is not SessionState.RUNNING:
            return
        if driver.can_end_early() and self._done_cued_at != driver.index:
            self._done_cued_at = driver.index
            self._play(DONE_POSSIBLE_SOUND)

    def set_muted(self, muted: bool) -> None:
        """M in the player: silence everything at once, speech in progress included."""
        self.muted = bool(muted)
        if self.muted and self._speech is not None:
            self._speech.stop()

    def apply_settings(self, settings: Settings) -> None:
        """Volume, voice and rate take effect at once, for the next cue."""
        self.settings = settings
        volume = max(0.0, min(1.0, settings.volume / 100))
        if night_now(settings):
            volume *= NIGHT_VOLUME_SHARE  # quieter cues at night
        for effect in self._effects.values():
            effect.setVolume(volume)
        if settings.voice_on and self._speech is None and self._probe is None:
            self._load_speech()
        if self._speech is not None:
            self._speech.setVolume(volume)
            self._speech.setRate(max(-1.0, min(1.0, float(settings.voice_rate))))
            self._choose_voice(settings.voice_name)

    def available_voices(self) -> list[str]:
        """Names of the voices the speech engine offers (empty without an engine)."""
        if self._speech is None:
            return []
        try:
            voices = self._speech.availableVoices()
        except RuntimeError:
            return []
        return [voice.name() for voice in sorted(voices, key=voice_order)]

    # ---------------------------------------------------------------- events

    def on_event(self, event: SessionEvent) -> None:
        """Turns one session event into its sound and its words, if any: words in the
        language of the voice (English where the engine has no voice for the app's)."""
        with words_in(self.voice.language):
            self._cue(event)

    def _cue(self, event: SessionEvent) -> None:
        if isinstance(event, SideSwitch):
            self._play("side_switch")
            self._say(side_switch_sentence(event.side))
        elif isinstance(event, SegmentStarted) and event.segment.role == ROLE_LEAD_IN:
            self._say(lead_in_sentence(event.segment.title, event.segment.side))
            if self.settings.read_instructions and not self.voice.fallback:
                # the routine's own words: a voice of another language would garble them
                self._say(instructions_sentence(event.segment))
        elif isinstance(event, StepStarted):
            if not self._session_paused():  # entered paused (Next while paused, or after sleep)
                self._play("step_start")
                reminder = first_round_reminder(event.segment)
                if reminder:
                    self._say(reminder)
        elif isinstance(event, Halfway):
            self._play("halfway")
            if event.segment.seconds >= SPOKEN_HALFWAY_MIN_SECONDS:
                self._say(_(HALFWAY_SENTENCE))
        elif isinstance(event, SecondsLeft):
            self._on_seconds_left(event)
        elif isinstance(event, Overslept):
            # The computer slept through a step's end: whatever was on the skin must come off.
            self._play("reminder")
            self._say(_(OVERSLEPT_SENTENCE))
        elif isinstance(event, SkinCheck):
            self._play("reminder")
            self._say(_(SKIN_CHECK_SENTENCE))
        elif isinstance(event, StepEnded) and event.outcome == COMPLETED:
            self._play("step_end")
        elif isinstance(event, SessionEnded) and event.status == COMPLETED:
            self._play("session_end")
            self._say(_(SESSION_DONE_SENTENCE))

    def _session_paused(self) -> bool:
        # Events arrive once the state change is complete, so this is the state they led to.
        return self._driver is not None and self._driver.state is SessionState.PAUSED

    def _on_seconds_left(self, event: SecondsLeft) -> None:
        if event.seconds == SPOKEN_SECONDS_LEFT:
            self._say(seconds_left_sentence(event.seconds))
        elif event.seconds <= 3:
            self._play("tick")

    def say(self, words: Callable[[], str]) -> str:
        """Speaks on demand (the time left, asked for with a key or a remote): `words()` made
        in the language of the voice. Returns what was said."""
        with words_in(self.voice.language):
            text = words()
        self._say(text)
        return text

    def _play(self, name: str) -> None:
        if self.muted or not self.settings.sounds_on:
            return
        self.played.append(name)
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()

    def _say(self, text: str) -> None:
        if self.muted or not self.settings.voice_on:
            return
        self.spoken.append(text)
        self._last_cue_at = time.monotonic()
        if self._speech is None:
            if self._probe is not None and self._probe is not _PROBE_GAVE_UP:
                # The engine is still being checked (a session started with the app): say
                # it once the engine is up, as long as it still concerns what is on screen.
                self._waiting_words.append((time.monotonic(), text, self.voice.language))
            return
        self._voice(text)

    def _voice(self, text: str) -> None:
        # enqueue, not say: a side switch and the next lead-in come together and both matter
        self._speech.enqueue(text)
        self.voiced.append(text)

    def _say_waiting_words(self) -> None:
        waiting, self._waiting_words = self._waiting_words, []
        now = time.monotonic()
        for said_at, text, language in waiting:
            # words made before the engine turned out to have no voice for them are dropped
            if now - said_at <= WAITING_WORDS_KEEP_SECONDS and self._speech is not None \
                    and language == self.voice.language:
                self._voice(text)

    # ---------------------------------------------------------------- the end

    def is_playing(self) -> bool:
        """A sound or words still under way (or just queued and about to start)."""
        if any(effect.isPlaying() for effect in self._effects.values()):
            return True
        if self._waiting_words:
            return True
        if self._speech is not None:
            from PySide6.QtTextToSpeech import QTextToSpeech

            if self._speech.state() in (QTextToSpeech.State.Speaking,
                                        QTextToSpeech.State.Synthesizing):
                return True
            # enqueued words take a moment before the engine reports them as speaking
            return time.monotonic() - self._last_cue_at < SPEECH_START_GRACE_SECONDS
        return False

    def when_quiet(self, callback: Callable[[], object],
                   max_wait_ms: int = QUIET_WAIT_MS) -> None:
        """Calls `callback` once the last chime and words have played, or after
        `max_wait_ms` at most: the end of a session is heard whole before the app quits."""
        deadline = time.monotonic() + max_wait_ms / 1000

        def check() -> None:
            if self.is_playing() and time.monotonic() < deadline:
                QTimer.singleShot(QUIET_POLL_MS, self, check)
            else:
                callback()

        check()

    def shut_up(self) -> None:
        """The app quits: words cut at once, no probe left behind."""
        self._waiting_words = []
        if self._speech is not None:
            self._speech.stop()
        if self._probe is not None and self._probe is not _PROBE_GAVE_UP:
            self._probe_timer.stop()
            self._probe.kill()
            self._probe.waitForFinished(500)

    # ---------------------------------------------------------------- sound

    def _load_sounds(self) -> None:
        """Preloads every sound now, so the first cue is not late."""
        try:
            from PySide6.QtMultimedia import QMediaDevices

            from spasm_timer.ui.sound_cue import SoundCue, SoundCueError
        except ImportError as error:  # e.g. no libpulse.so.0 on this computer
            self._report("sound", _("Sound cues are off: Qt's sound module could not load "
                                    "({error}). The timer and the voice work as usual.").format(
                error=error))
            return
        if not QMediaDevices.audioOutputs():
            self._report("sound", _("No audio output found: sound cues are off."))
            return
        for name in SOUND_NAMES:
            try:
                effect = SoundCue(sounds_dir() / f"{name}.wav", self)
            except SoundCueError:
                self._sound_failed()
                continue
            effect.failed.connect(self._sound_failed)
            self._effects[name] = effect

    def _sound_failed(self, _why: str = "") -> None:
        """A sound could not be played (or loaded): cues of that kind are off, said once."""
        self._report("sound", _("The sound cues could not be played: sound cues are off."))

    # ---------------------------------------------------------------- speech

    def _load_speech(self) -> None:
        """Creates the speech engine once a child process has shown that it answers.

        Qt's `mock` engine (the tests') is made at once; any other is probed first, because a
        stuck speech service can block its creation for good (see speech_probe.py).
        """
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            self._report("speech", _("Qt TextToSpeech is missing: voice cues are off."))
            return
        engine = os.environ.get(TTS_ENGINE_ENV, "")
        engines = QTextToSpeech.availableEngines()
        if not engines or (engine and engine not in engines):
            self._probe = _PROBE_GAVE_UP
            self._report("speech", _("No speech engine found: voice cues are off."))
        elif engine in self.ENGINES_NOT_PROBED:
            self._create_speech(engine)
        elif self.settings.voice_on:
            self._probe_speech(engine)

    def _probe_speech(self, engine: str) -> None:
        from PySide6.QtCore import QProcess

        self._probe = QProcess(self)
        self._probe_engine = engine
        # Bound methods, not lambdas: they are disconnected when this player is deleted.
        self._probe.finished.connect(self._probe_finished)
        self._probe_timer.timeout.connect(self._probe_timed_out)
        program, arguments = self.probe_command(engine)
        self._probe.start(program, arguments)
        self._probe_timer.start(self.PROBE_TIMEOUT_MS)

    def probe_command(self, engine: str) -> tuple[str, list[str]]:
        """The child process that checks the engine (tests put a stuck one here)."""
        return sys.executable, ["-m", "spasm_timer.ui.speech_probe", *([engine] if engine else [])]

    def _probe_finished(self, exit_code: int, _status: object = None) -> None:
        if not self._probe_timer.isActive():
            return  # it had already timed out
        self._probe_timer.stop()
        if exit_code == 0:
            self._create_speech(self._probe_engine)
        else:
            self._probe = _PROBE_GAVE_UP
            self._waiting_words = []
            self._report("speech", _("The speech engine is not working: voice cues are off."))

    def _probe_timed_out(self) -> None:
        probe, self._probe = self._probe, _PROBE_GAVE_UP  # never probe again in this run
        self._waiting_words = []
        probe.kill()
        self._report("speech", _("The speech engine did not answer: voice cues are off."))

    def _create_speech(self, engine: str) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        speech.errorOccurred.connect(lambda *_: self._speech_failed())
        self._speech = speech
        if speech.state() == QTextToSpeech.State.Error:
            self._speech_failed()
            return
        self.apply_settings(self.settings)
        self._say_waiting_words()

    def _speech_failed(self) -> None:
        self._probe = _PROBE_GAVE_UP
        self._waiting_words = []
        self._report("speech", _("The speech engine is not working: voice cues are off."))
        self._speech = None

    def _choose_voice(self, name: str) -> None:
        """A voice of the app's language, the person's own if it is one (cues_voice.py)."""
        language = current_language()
        self.voice = choose_voice(self._speech, language, name)
        if self.voice.fallback and self.settings.voice_on:  # said only to whoever hears it
            self._report(f"voice-{language}", _(NO_VOICE_NOTE))

    # ---------------------------------------------------------------- problems

    def _report(self, kind: str, message: str) -> None:
        """Says once per kind (sound, speech) that cues of that kind are off.

        Problems found while the player is still being wired are sent on the next turn of the
        event loop, so whoever connects to `unavailable` right after construction hears them.
        """
        if kind in self._problem_kinds:
            return
        self._problem_kinds.add(kind)
        self.problems.append(message)
        QTimer.singleShot(0, self, lambda: self.unavailable.emit(message))
