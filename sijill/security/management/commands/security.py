"""`sijill security report`: run the security test suites and write docs/security.md's results table."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

REPO = Path(__file__).resolve().parents[4]
BEGIN, END = "<!-- security-report:begin -->", "<!-- security-report:end -->"

FAMILIES = {
    "test_xss": "XSS payloads (Latin, Arabic, bidi overrides) in every free-text field",
    "test_injection": "SQL injection in every incident filter (web and API) and every search",
    "test_idor": "IDOR on every web object URL and every API id",
    "test_csrf": "CSRF: POST without the token on every state-changing form and the session API",
    "test_schemathesis": "Schemathesis against /api/openapi.json (no 5xx)",
    "test_fuzz": "Fuzzing (hypothesis) of report extraction and the import readers",
    "test_tamper": "Tampering of the audit log, custody logs and the evidence store",
    "test_backup": "Backup/restore round trip, damaged backups, kill -9 during backup",
    "test_crash": "kill -9 during evidence upload",
    "test_concurrency": "Concurrent edits",
    "test_witness_fields": "Field encryption of witness identities",
    "test_victim_fields": "Field encryption of victims' notes (and its data migration)",
    "test_pg_dump": "pg_dump holds no witness name or victim's notes (PostgreSQL runs)",
    "test_crypto": "AES-GCM tokens, key files",
    "test_keys": "Key backup, trustee recovery (Shamir), rotation",
    "test_check": "`sijill check` catches each deployment mistake",
    "test_headers": "Security headers, CSP, cookies",
    "test_csp_browser": "CSP in real Chromium (no violation)",
    "test_security_keys": "Security keys (WebAuthn): who may add one, forged or replayed answers refused",
    "test_security_key_browser": "Security key registered and used to sign in, in Chromium (virtual authenticator)",
    "test_ratelimit": "Rate limits (login, API, forms)",
    "test_load": "Load on loopback: 50 concurrent users for 1 minute, no error",
    "test_report": "This table: one row per family, one line per load run",
}
ARTIFACTS = REPO / "test-artifacts"


class Command(BaseCommand):
    help = "Security suites: `sijill security report` runs tests/security and rewrites docs/security.md's table."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="run tests/security and write the results into docs/security.md")
        report.add_argument("--doc", default=str(REPO / "docs" / "security.md"))
        report.add_argument("--load", help="a JSON file written by bench/load_security.py to include")
        report.add_argument("-k", default="", help="only tests matching (pytest -k)")

    def handle(self, *args, action, doc, load, k, **options):
        tests = REPO / "tests" / "security"
        if not tests.exists():
            raise CommandError(f"{tests} is missing: run this from a source checkout.")
        with tempfile.TemporaryDirectory() as work:
            tally = Path(work) / "tally.json"
            env = {**os.environ, "SIJILL_SECURITY_TALLY": str(tally), "SIJILL_HOME": str(Path(work) / "home")}
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)]
            if k:
                command += ["-k", k]
            self.stdout.write("Running: " + " ".join(command))
            started = datetime.now(UTC).timestamp()
            result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
            summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
            data = json.loads(tally.read_text()) if tally.exists() else {}
        # What test_load measured in this run (test-artifacts/load-<engine>.json), then a bench run.
        loads = [json.loads(p.read_text()) for p in sorted(ARTIFACTS.glob("load-*.json"))
                 if p.stat().st_mtime >= started]
        if load:
            loads.append({**json.loads(Path(load).read_text()), "source": "bench/load_security.py"})
        table = render(data, summary, loads)
        path = Path(doc)
        text = path.read_text() if path.exists() else f"# Security\n\n{BEGIN}\n{END}\n"
        if BEGIN not in text:
            text += f"\n{BEGIN}\n{END}\n"
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: f"{BEGIN}\n{table}\n{END}", text,
                      flags=re.S)
        path.write_text(text)
        self.stdout.write(self.style.SUCCESS(f"{path} updated: {summary}"))
        if result.returncode not in (0,):
            failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
            self.stderr.write("\n".join(failures[:20]))
            raise CommandError(f"Some security tests failed ({summary}); see the table.", returncode=1)


def render(data: dict, summary: str, loads: list[dict]) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Generated {stamp} by `sijill security report` (pytest: {summary}).", "",
             "| Test family | Tests passed / failed / expected failures | Inputs tried | Faults injected | "
             "Requests sent | Result |",
             "|---|---|---|---|---|---|"]
    for family, title in FAMILIES.items():
        entry = data.get(family)
        if entry is None:
            lines.append(f"| {title} | not run | | | | — |")
            continue
        outcomes, counts = entry["outcomes"], entry["counts"]
        passed, failed = outcomes.get("passed", 0), outcomes.get("failed", 0)
        skipped = outcomes.get("skipped", 0)
        xfailed = sum(v for k, v in outcomes.items() if k not in {"passed", "failed", "skipped"})
        result = "FAIL" if failed else ("skipped" if not passed and skipped else "pass")
        lines.append(f"| {title} | {passed} / {failed} / {xfailed}{f' ({skipped} skipped)' if skipped else ''} | "
                     f"{counts.get('inputs', '') or ''} | {counts.get('faults', '') or ''} | "
                     f"{counts.get('requests', '') or ''} | {result} |")
    for load in loads:
        lines += ["", f"Load test ({load.get('source', 'tests/security/test_load.py')}, "
                  f"{load.get('engine', 'SQLite')}): {load.get('users')} concurrent users for "
                  f"{float(load.get('seconds') or 0):g} s on loopback: {load.get('requests')} requests, {load.get('errors')} errors, "
                  f"p50 {load.get('p50_ms')} ms, p95 {load.get('p95_ms')} ms, {load.get('throughput_rps')} requests/s."]
    return "\n".join(lines)
