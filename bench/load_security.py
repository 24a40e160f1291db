"""Load test on loopback: N concurrent users browse and call the API of a seeded Sijill for S seconds.

    .venv/bin/python bench/load_security.py --users 50 --seconds 300 -o /tmp/load.json

Seeds a fresh SIJILL_HOME (tests/security/seed.py), serves it with `sijill runserver --noreload`
(threaded) on 127.0.0.1, and has each user loop over: the incident list, a search, an incident
page, the sources list, and the API list and detail endpoints (bearer token). Records every
request's latency; prints and writes requests, errors (non-2xx/3xx or connection failures), p50
and p95. Rate limits are off in the served process (one address plays every user).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIJILL = str(ROOT / ".venv" / "bin" / "sijill")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=30, help="sources/incidents/evidence to seed")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="sijill-load-"))
    env = {**os.environ, "SIJILL_HOME": str(home), "SIJILL_REQUIRE_2FA": "0", "SIJILL_RATE_LIMITS": "0",
           "SIJILL_LOGIN_THROTTLING": "0"}
    env.pop("DATABASE_URL", None) if "--pg" not in sys.argv else None
    subprocess.run([sys.executable, str(ROOT / "tests/security/seed.py"), str(args.seed)], env=env, check=True,
                   capture_output=True)
    token = subprocess.run(
        [SIJILL, "shell", "-c", "from sijill.accounts.models import User; from sijill.accounts.services import "
         "api_token_create; print(api_token_create(user=User.objects.get(username='seeder')))"],
        env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([SIJILL, "runserver", "--noreload", f"127.0.0.1:{args.port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(args.port)
        result = _run(args, token)
    finally:
        server.terminate()
        server.wait()
    print(json.dumps(result, indent=1))
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=1))


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _login(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    response.read()
    cookies = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0]
               for c in response.headers.get_all("Set-Cookie") or []}
    body = f"username=seeder&password=a+long+seeding+password+3&csrfmiddlewaretoken={cookies['csrftoken']}"
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/"})
    response = conn.getresponse()
    response.read()
    for c in response.headers.get_all("Set-Cookie") or []:
        if c.startswith("sessionid="):
            return f"sessionid={c.split('=', 1)[1].split(';')[0]}; csrftoken={cookies['csrftoken']}"
    raise SystemExit(f"login failed: {response.status}")


def _run(args, token: str) -> dict:
    cookie = _login(args.port)
    paths = [("web", "/incidents/"), ("web", "/incidents/?q=market"), ("web", "/incidents/1/"),
             ("web", "/sources/"), ("api", "/api/incidents/"), ("api", "/api/incidents/1"),
             ("api", "/api/sources/"), ("api", "/api/persons/?q=a")]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def user(number: int):
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        while time.monotonic() < stop:
            kind, path = rng.choice(paths)
            headers = {"Cookie": cookie} if kind == "web" else {"Authorization": f"Bearer {token}"}
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as exc:
                status = repr(exc)
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if not isinstance(status, int) or status >= 400:
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {"users": args.users, "seconds": args.seconds, "requests": len(latencies), "errors": len(errors),
            "error_samples": errors[:5], "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1) if latencies else None,
            "throughput_rps": round(len(latencies) / args.seconds, 1)}


if __name__ == "__main__":
    main()
