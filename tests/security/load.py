"""Load on loopback: a seeded Sijill served by `sijill runserver` in its own process, and N users
(threads with a plain http.client connection each) browsing and calling the API over real HTTP.

Used by test_load.py (1 minute in the suite, on the run's engine) and bench/load_security.py
(5 minutes). Each user loops over the incident list, a search, an incident page, the sources
list, the persons list and the API list and detail endpoints, with no pause. An error is any
answer that is not 2xx/3xx, or a connection that fails or times out.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .homes import ROOT, SIJILL

SEED = ROOT / "tests" / "security" / "seed.py"
# Laptop settings as served, minus what one loopback address playing every user would trip.
SERVED = {"SIJILL_REQUIRE_2FA": "0", "SIJILL_RATE_LIMITS": "0", "SIJILL_LOGIN_THROTTLING": "0",
          "DJANGO_SETTINGS_MODULE": "sijill.settings"}
PREPARE = """
from sijill.accounts.models import User
from sijill.accounts.services import api_token_create
from sijill.incidents.models import Incident
from sijill.people.models import Person
import json
print(json.dumps({"token": api_token_create(user=User.objects.get(username="seeder")),
                  "incident": Incident.objects.order_by("pk").first().pk,
                  "person": Person.objects.order_by("pk").first().pk}))
"""


def environment(home: Path, database_url: str | None) -> dict:
    env = {**os.environ, **SERVED, "SIJILL_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def seed(env: dict, count: int) -> None:
    """Migrate and seed the home (and database) *env* names: tests/security/seed.py."""
    subprocess.run([sys.executable, str(SEED), str(count)], env=env, check=True, capture_output=True, timeout=900)


def prepare(env: dict) -> dict:
    """An API token for the seeded user, and an incident id and a person id to ask for."""
    out = subprocess.run([SIJILL, "shell", "-c", PREPARE], env=env, check=True, capture_output=True, text=True,
                         timeout=300).stdout
    return json.loads(out.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(env: dict, port: int, log: Path):
    """`sijill runserver` (threaded) on 127.0.0.1:*port* until the block ends; its output in *log*."""
    with open(log, "wb") as out:
        server = subprocess.Popen([SIJILL, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait(port, server)
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait(port: int, server) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer on 127.0.0.1:{port} within 120 s")


def login(port: int, username: str = "seeder", password: str = "a long seeding password 3") -> str:
    """Sign in through the login form; the Cookie header of the signed-in session."""
    from urllib.parse import urlencode

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    response.read()
    cookies = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0] for c in response.headers.get_all("Set-Cookie") or []}
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": cookies["csrftoken"]})
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/"})
    response = conn.getresponse()
    response.read()
    for c in response.headers.get_all("Set-Cookie") or []:
        if c.startswith("sessionid="):
            return f"sessionid={c.split('=', 1)[1].split(';')[0]}; csrftoken={cookies['csrftoken']}"
    raise RuntimeError(f"sign-in failed: HTTP {response.status}")


def paths(ids: dict) -> list[tuple[str, str]]:
    incident, person = ids["incident"], ids["person"]
    return [("web", "/incidents/"), ("web", "/incidents/?q=market"), ("web", f"/incidents/{incident}/"),
            ("web", "/sources/"), ("web", "/persons/"), ("api", "/api/incidents/"), ("api", f"/api/incidents/{incident}"),
            ("api", "/api/sources/"), ("api", "/api/persons/?q=a"), ("api", f"/api/persons/{person}")]


def drive(port: int, *, users: int, seconds: float, ids: dict, cookie: str, timeout: float = 60) -> dict:
    """*users* threads request *paths* for *seconds*; counts, errors and latency percentiles."""
    token = ids["token"]
    targets = paths(ids)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(number: int) -> None:
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        while time.monotonic() < stop:
            kind, path = rng.choice(targets)
            headers = {"Cookie": cookie} if kind == "web" else {"Authorization": f"Bearer {token}"}
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                outcome = response.status
            except (OSError, http.client.HTTPException) as exc:
                outcome = f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if not isinstance(outcome, int) or outcome >= 400:
                    errors.append(f"GET {path}: {outcome}")
        conn.close()

    began = time.monotonic()
    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    latencies.sort()

    def percentile(q: float):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * q))], 1) if latencies else None

    return {"users": users, "seconds": seconds, "wall_seconds": round(wall, 1), "requests": len(latencies),
            "errors": len(errors), "error_samples": errors[:10], "p50_ms": percentile(0.50),
            "p95_ms": percentile(0.95), "max_ms": round(latencies[-1], 1) if latencies else None,
            "throughput_rps": round(len(latencies) / wall, 1) if wall else None}
