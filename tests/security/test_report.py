"""`sijill security report` renders one row per test family and one line per load run."""

from __future__ import annotations

from sijill.security.management.commands.security import FAMILIES, render


def test_the_table_lists_every_family_and_each_load_run_with_its_counts():
    data = {"test_load": {"counts": {"requests": 2718}, "outcomes": {"passed": 1}},
            "test_victim_fields": {"counts": {}, "outcomes": {"passed": 4, "failed": 1}}}
    loads = [{"engine": "postgresql", "users": 50, "seconds": 60, "requests": 2718, "errors": 0, "p50_ms": 640.2,
              "p95_ms": 2310.5, "throughput_rps": 45.3}]
    text = render(data, "2 passed", loads)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(FAMILIES)
    assert f"| {FAMILIES['test_load']} | 1 / 0 / 0 |  |  | 2718 | pass |" in text
    assert f"| {FAMILIES['test_victim_fields']} | 4 / 1 / 0 |" in text and "| FAIL |" in text
    assert ("postgresql): 50 concurrent users for 60 s on loopback: 2718 requests, 0 errors, p50 640.2 ms, "
            "p95 2310.5 ms, 45.3 requests/s.") in text
