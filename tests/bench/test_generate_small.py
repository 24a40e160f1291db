"""The benchmark scripts run end to end at a tiny scale, so bench/ cannot rot unnoticed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench_module(name: str):
    """Import bench/NAME.py in this process. This test package is itself named `bench` on
    pytest's path, so the real one is imported with it set aside for the moment."""
    mine = {k: sys.modules.pop(k) for k in list(sys.modules) if k == "bench" or k.startswith("bench.")}
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module(f"bench.{name}")
    finally:
        sys.path.remove(str(ROOT))
        for k in [k for k in sys.modules if k == "bench" or k.startswith("bench.")]:
            del sys.modules[k]
        sys.modules.update(mine)


def _run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, check=True,
                   capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    home = tmp_path_factory.mktemp("bench-home")
    _run("generate.py", "--incidents", "200", "--persons", "1000", "--home", str(home))
    return home


def test_generated_database_answers_searches_in_the_expected_shares(generated):
    tmp_path = generated
    summary = json.loads((tmp_path / "generate-sqlite.json").read_text())
    assert summary["counts"]["incidents"] == 200
    assert summary["counts"]["persons"] == 1000
    assert summary["counts"]["victims"] > 0 and summary["counts"]["claims"] > 0
    # stored search_text is what the service computes, token for token
    check = summary["search_text_check"]
    assert check["identical"] == check["checked"] > 0

    results = tmp_path / "measure.json"
    _run("measure.py", "--home", str(tmp_path), "--repeat", "2", "--warmup", "0",
         "--results", str(results), "--only", "a,d,e-ar,e-en,f-ar,f-en,w-detail,api-list,api-place,api-detail")
    run = json.loads(results.read_text())[-1]
    figures = {f["key"]: f for f in run["figures"]}
    visible = figures["a"]["result"]
    assert visible == run["visible_incidents"]
    # the common word matches most incidents, in both scripts alike
    assert 0.55 <= figures["e-ar"]["result"] / visible <= 0.85
    assert figures["e-ar"]["result"] == figures["e-en"]["result"]
    # the rare word matches a handful: the rare victims' incidents
    assert figures["f-ar"]["result"] == figures["f-en"]["result"] == summary["counts"]["rare_victims"] == 3
    assert all(f["p95_ms"] > 0 for f in figures.values())


def test_selectors_answer_exactly_as_before_the_query_work(generated):
    """Rows, order, totals and detail contents equal bench/reference.py's frozen selectors."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "equivalence.py"), "--home", str(generated),
                          "--details", "60"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 differences" in out.stdout


@pytest.mark.django_db
def test_victims_option_writes_exactly_that_many_links_some_naming_an_earlier_victim():
    """`--victims N`: N victim links over all incidents, some persons a victim in two incidents,
    and each incident's search_text still what the service computes."""
    from django.db.models import Count

    from sijill.incidents.models import Incident, Victim
    from sijill.places.services import gazetteer_load

    generate = _bench_module("generate")
    gazetteer_load()
    gen = generate.Generator(incidents=60, persons=300, seed=7, victims=400)
    gen.sources()
    gen.incidents()
    gen.other_persons()
    assert Victim.objects.count() == gen.counts["victims"] == 400
    persons = Victim.objects.values("person_id").distinct().count()
    assert 0 < gen.counts["repeat_victims"] == 400 - persons
    # a repeated person is a victim in another incident, never twice in one act
    assert Victim.objects.values("person_id").annotate(n=Count("act__incident", distinct=True)).filter(n__gt=1).exists()
    assert not Victim.objects.values("act_id", "person_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert Incident.objects.filter(acts__victim_links__isnull=False).distinct().count() > 20  # spread, not piled up
    check = generate.verify_search_text(60, seed=7)
    assert check["identical"] == check["checked"] == 60
