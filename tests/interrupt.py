"""Run a `sijill` command in its own process and stop it with a real signal once it is mid-way."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable


def interruptible() -> None:
    """Ctrl-C reaches the command as at a terminal, also where the test itself runs with SIGINT
    ignored (a shell's background job), which the command would otherwise inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_when(command: list[str], env: dict, ready: Callable[[], bool], sig: int, *,
                   timeout: float = 120) -> subprocess.Popen:
    """Start `command`, send `sig` as soon as `ready()` holds (it reads the database the command
    writes; a database still being created counts as not ready) and wait for the process to end."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=interruptible)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if ready():
                break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    process.send_signal(sig)
    process.wait(timeout=30)
    return process
