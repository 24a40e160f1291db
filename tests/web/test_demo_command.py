"""`sijill demo` serves the app with a background-job worker beside it, and leaves no worker behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the demo runs on a SQLite home")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


def test_demo_serves_with_a_job_worker_that_ends_with_it_even_when_it_is_killed(tmp_path):
    port = _free_port()
    env = {**os.environ, "SIJILL_HOME": str(tmp_path), "SIJILL_REQUIRE_2FA": "0",
           "DJANGO_SETTINGS_MODULE": "sijill.settings"}
    demo = subprocess.Popen([sys.executable, "-m", "sijill.cli", "demo", "--port", str(port), "--incidents", "3"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 240
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert demo.poll() is None, demo.stdout.read()
                time.sleep(0.5)
        workers = _children(demo.pid)
        assert len(workers) == 1, "one job worker beside the server"
        worker = workers[0]
        command = subprocess.run(["ps", "-o", "args=", "-p", str(worker)], capture_output=True, text=True).stdout
        assert "run_huey" in command
        demo.send_signal(signal.SIGKILL)  # the hardest way to end: no handler, no finally
        demo.wait(timeout=10)
        deadline = time.time() + 15
        while _alive(worker) and time.time() < deadline:
            time.sleep(0.2)
        assert not _alive(worker), "the worker outlived the demo"
    finally:
        if demo.poll() is None:
            demo.kill()
