#!/usr/bin/env python3
"""Synthesise Spasm Timer's audio cues.

The person using Spasm Timer follows a routine with eyes closed and hands busy,
so each cue has to be recognisable by ear alone. Every cue is built from
sine / bell-like partials with a smooth 5 ms attack and exponential decay, and
ends on an exact zero sample, so nothing clicks. Peaks sit at about -6 dBFS.

Run from anywhere (standard library only, no numpy):

    python3 assets/sounds/make_sounds.py

It writes 16-bit mono 44100 Hz WAV files next to this script:

    step_start.wav   bright rising two-note chime        (~0.35 s)
    halfway.wav      single soft mid bell                 (~0.30 s)
    tick.wav         soft woodblock-like blip, last 3 s   (~0.08 s)
    side_switch.wav  alternating "ding-dong" bell         (~0.50 s)
    step_end.wav     falling two-note chime               (~0.40 s)
    session_end.wav  gentle ascending arpeggio, soft tail (~1.20 s)
    reminder.wav     soft double beep (skin-check)        (~0.40 s)

The output is deterministic (no randomness): re-running produces byte-identical
files. The generated WAVs are committed to the repository, so the app does not
need to run this script; re-run it only after changing a sound here, and commit
the regenerated files together with the change.
"""

import array
import math
import os
import sys
import wave

RATE = 44100
PEAK_DBFS = -6.0
FADE_IN_S = 0.005   # 5 ms raised-cosine fade-in at the very start
FADE_OUT_S = 0.020  # raised-cosine fade-out to an exact zero at the very end

# Note frequencies (equal temperament, A4 = 440 Hz).
C5, D5, E5, G5, A5, B5 = 523.25, 587.33, 659.26, 783.99, 880.00, 987.77
C6, E6 = 1046.50, 1318.51

# Partial sets: (frequency ratio, relative amplitude, decay-time multiplier).
# A larger multiplier makes that partial ring longer.
CHIME = [(1.0, 1.00, 1.0), (2.0, 0.35, 0.55), (3.0, 0.12, 0.35), (4.0, 0.05, 0.25)]
SOFT_BELL = [(1.0, 1.00, 1.0), (2.0, 0.18, 0.5), (2.76, 0.10, 0.35), (5.4, 0.03, 0.2)]
BRIGHT_BELL = [(1.0, 1.00, 1.0), (2.0, 0.30, 0.6), (2.76, 0.25, 0.45),
               (5.4, 0.08, 0.25), (8.93, 0.03, 0.15)]
WOOD = [(1.0, 1.00, 1.0), (2.32, 0.45, 0.6), (4.25, 0.15, 0.4)]
BEEP = [(1.0, 1.00, 1.0), (2.0, 0.06, 1.0), (3.0, 0.02, 1.0)]


def silence(duration):
    return [0.0] * round(duration * RATE)


def strike(buf, start, freq, partials, tau, attack=0.005, amp=1.0):
    """Add a struck note: raised-cosine attack, then exponential decay per partial."""
    i0 = round(start * RATE)
    n_att = max(1, round(attack * RATE))
    for i in range(i0, len(buf)):
        t = (i - i0) / RATE
        k = i - i0
        env_att = 0.5 - 0.5 * math.cos(math.pi * k / n_att) if k < n_att else 1.0
        s = 0.0
        for ratio, a, dmul in partials:
            f = freq * ratio
            if f >= RATE / 2:
                continue
            s += a * math.exp(-t / (tau * dmul)) * math.sin(2.0 * math.pi * f * t)
        buf[i] += amp * env_att * s


def beep(buf, start, freq, partials, length, edge=0.025, tau=0.15, amp=1.0):
    """Add a held tone with raised-cosine edges and a gentle decay (a soft, rounded beep)."""
    i0 = round(start * RATE)
    n = round(length * RATE)
    n_edge = round(edge * RATE)
    for k in range(n):
        i = i0 + k
        if i >= len(buf):
            break
        if k < n_edge:
            env = 0.5 - 0.5 * math.cos(math.pi * k / n_edge)
        elif k >= n - n_edge:
            env = 0.5 - 0.5 * math.cos(math.pi * (n - 1 - k) / n_edge)
        else:
            env = 1.0
        t = k / RATE
        env *= math.exp(-t / tau)
        s = 0.0
        for ratio, a, _ in partials:
            s += a * math.sin(2.0 * math.pi * freq * ratio * t)
        buf[i] += amp * env * s


def finish(buf):
    """Fade in/out (exact zero at both ends), normalise to PEAK_DBFS, quantise to int16."""
    n = len(buf)
    n_in = round(FADE_IN_S * RATE)
    n_out = round(FADE_OUT_S * RATE)
    for k in range(n_in):
        buf[k] *= 0.5 - 0.5 * math.cos(math.pi * k / n_in)
    for k in range(n_out):
        # k = 0 is the last sample: gain exactly 0.
        buf[n - 1 - k] *= 0.5 - 0.5 * math.cos(math.pi * k / n_out)
    peak = max(abs(x) for x in buf) or 1.0
    target = 32767.0 * 10.0 ** (PEAK_DBFS / 20.0)
    gain = target / peak
    out = array.array("h", (max(-32767, min(32767, round(x * gain))) for x in buf))
    out[0] = 0
    out[-1] = 0
    return out


# --- the cues ---------------------------------------------------------------

def step_start():
    """Bright rising fifth, E5 -> B5: 'here we go'."""
    b = silence(0.35)
    strike(b, 0.000, E5, CHIME, tau=0.09, amp=0.85)
    strike(b, 0.110, B5, CHIME, tau=0.10)
    return b


def halfway():
    """One soft, mellow bell on G5: 'half done', unobtrusive."""
    b = silence(0.30)
    strike(b, 0.0, G5, SOFT_BELL, tau=0.10, attack=0.008)
    return b


def tick():
    """Short hollow woodblock-like blip for each of the last 3 seconds."""
    b = silence(0.08)
    strike(b, 0.0, 1100.0, WOOD, tau=0.014, attack=0.004)
    return b


def side_switch():
    """Bell 'ding-dong-ding-dong' alternating A5/E6 -- a left/right ping-pong,
    clearly different from the single-direction step chimes."""
    b = silence(0.50)
    for n, (t, f) in enumerate([(0.0, E6), (0.115, A5), (0.230, E6), (0.345, A5)]):
        strike(b, t, f, BRIGHT_BELL, tau=0.07 if n < 3 else 0.05,
               amp=0.9 if f == E6 else 1.0)
    return b


def step_end():
    """Falling fifth, B5 -> E5: mirror image of step_start, 'step done'."""
    b = silence(0.40)
    strike(b, 0.000, B5, CHIME, tau=0.09, amp=0.85)
    strike(b, 0.120, E5, CHIME, tau=0.10)
    return b


def session_end():
    """Gentle C major arpeggio C5-E5-G5 with a soft, ringing tail."""
    b = silence(1.20)
    strike(b, 0.00, C5, SOFT_BELL, tau=0.30, attack=0.010, amp=0.8)
    strike(b, 0.16, E5, SOFT_BELL, tau=0.30, attack=0.010, amp=0.75)
    strike(b, 0.32, G5, SOFT_BELL, tau=0.30, attack=0.010, amp=0.8)
    return b


def reminder():
    """Soft double beep on C6 for skin-check reminders."""
    b = silence(0.40)
    beep(b, 0.02, C6, BEEP, length=0.13)
    beep(b, 0.22, C6, BEEP, length=0.13)
    return b


SOUNDS = {
    "step_start.wav": step_start,
    "halfway.wav": halfway,
    "tick.wav": tick,
    "side_switch.wav": side_switch,
    "step_end.wav": step_end,
    "session_end.wav": session_end,
    "reminder.wav": reminder,
}


def write_wav(path, samples):
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, make in SOUNDS.items():
        samples = finish(make())
        path = os.path.join(here, name)
        write_wav(path, samples)
        print(f"{name:16s} {len(samples) / RATE:5.3f} s  {os.path.getsize(path):7d} bytes")


if __name__ == "__main__":
    main()
