#!/usr/bin/env python3
"""A stand-in for Claude Code 2.1.330 with the development flag, for tests of `mosaic claude` (run via MOSAIC_CLAUDE).

It puts its terminal in raw mode as Claude Code does, draws a banner, waits FAKE_CLAUDE_DELAY seconds, then draws the
development-channels warning the way Claude Code does (colours, gaps drawn as cursor moves) in several writes with
pauses between them. Every event goes to FAKE_CLAUDE_LOG as one JSON line with the time in epoch milliseconds.
A byte that arrives before the warning is complete is recorded as `early_key` and the program exits 3: whoever sent
it typed blind. After the warning the first key is recorded (`key`); Enter leads to the prompt ("? for shortcuts"),
anything else exits 4. Later input is recorded as `input`.
"""
import json, os, select, sys, termios, time, tty

LOG = os.environ["FAKE_CLAUDE_LOG"]
DELAY = float(os.environ.get("FAKE_CLAUDE_DELAY", "1.5"))


def record(event, **fields):
    with open(LOG, "a") as f:
        f.write(json.dumps({"event": event, "at": int(time.time() * 1000), **fields}) + "\n")


def write(text):
    os.write(1, text.encode())


def read_within(seconds):
    ready, _, _ = select.select([0], [], [], seconds)
    return os.read(0, 4096) if ready else b""


record("start", program=sys.argv[0], argv=sys.argv[1:], cwd=os.getcwd(),
       env={k: v for k, v in os.environ.items() if k.startswith("MOSAIC_") or k in ("TERM", "HOME")})
saved = termios.tcgetattr(0)
tty.setraw(0)
try:
    write("\x1b7\x1b[r\x1b8\x1b[?25h\x1b[?25lfake Claude Code starting\r\n")
    chunks = [
        "\r\r\n\x1b[38;5;211m" + "\u2500" * 40 + "\x1b[39m\r\r\n\x1b[3G\x1b[38;5;211m\x1b[1mWARNING:\x1b[12GLoad",
        "ing\x1b[20Gdevelopment\x1b[32Gchannels\x1b[22m\x1b[39m\r\r\n\r\r\n\x1b[3G--dangerously-load-development-",
        "channels\x1b[43Gis\x1b[46Gfor local development only.\r\r\n\r\r\n\x1b[3G\x1b[38;5;211m\u276f\x1b[5G1.\x1b",
        "[8GI am using this for local development\x1b[39m\r\r\n\x1b[5G2.\x1b[8GExit\r\r\n\r\r\n\x1b[3G\x1b[2mEnter",
        "\x1b[9Gto confirm \u00b7 Esc to cancel\x1b[22m\r\r\n",
    ]
    pauses = [DELAY] + [0.2] * (len(chunks) - 1)
    for pause, chunk in zip(pauses, chunks):
        early = read_within(pause)
        if early:
            record("early_key", bytes=early.hex())
            sys.exit(3)
        write(chunk)
    record("warning_shown")
    key = b""
    while not key:
        key = read_within(600)
    record("key", bytes=key.hex())
    if not key.startswith(b"\r"):
        sys.exit(4)
    write("\x1b[2J\x1b[H\u2590 fake Claude Code\r\n\r\n> \r\n? for shortcuts\r\n")
    record("prompt_shown")
    while True:
        data = read_within(600)
        if data:
            record("input", bytes=data.hex())
finally:
    termios.tcsetattr(0, termios.TCSADRAIN, saved)
