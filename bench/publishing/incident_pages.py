"""Public incident database pages against the staff incident list, on the same N incidents.

    .venv/bin/python bench/publishing/incident_pages.py [--incidents 5000] [--public-share 0.5]

Builds its own SQLite database in bench/results/portal_home (fresh each run): migrations, the
packaged gazetteer, then N incidents in Syrian communities, a share of them public, written with
bulk_create (the full-text triggers index them). Times each page with Django's test client
(best of --repeat), the staff list of all N as the baseline.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.environment import RESULTS_DIR, configure  # noqa: E402

HOME = RESULTS_DIR / "portal_home"
WORDS = ["airstrike", "shelling", "market", "school", "bakery", "hospital", "checkpoint", "convoy", "mosque"]


def build(n: int, public_share: float, rng: random.Random):
    from django.core.management import call_command

    from sijill.incidents.models import Incident
    from sijill.places.models import Place
    from sijill.places.services import gazetteer_load
    from sijill.text.normalise import search_text
    from sijill.vocabularies.models import Term

    call_command("migrate", verbosity=0)
    gazetteer_load()
    communities = list(Place.objects.filter(country="SY", level=4).exclude(latitude=None))
    status = Term.objects.get(kind="verification_status", code="verified")
    rows = []
    for i in range(n):
        place = rng.choice(communities)
        word = rng.choice(WORDS)
        start = date(2012, 1, 1) + timedelta(days=rng.randrange(4000))
        title = f"{word.capitalize()} in {place.name_en} #{i}"
        rows.append(Incident(
            title_en=title, title_ar=f"حادثة في {place.name_ar}", description_en=f"A {word} was hit.",
            start_date=start, end_date=start, place=place, place_path=place.path, place_precision="community",
            location_note="near the old well", status=status, killed_total_min=rng.randrange(12),
            confidentiality=0 if rng.random() < public_share else 1,
            search_text=search_text(title, f"A {word} was hit.", place.name_en, place.name_ar, "near the old well"),
        ))
    Incident.objects.bulk_create(rows, batch_size=1000)


def best(client, url: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--public-share", type=float, default=0.5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shutil.rmtree(HOME, ignore_errors=True)
    configure(database_url=None, home=HOME)
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from sijill.accounts.services import user_create

    settings.ALLOWED_HOSTS = ["testserver"]
    build(args.incidents, args.public_share, random.Random(11))
    admin = user_create(username="bench-admin", password="a long bench password 1", role="admin", clearance=3)
    staff = Client()
    staff.force_login(admin)
    public = Client()
    baseline = best(staff, "/incidents/", args.repeat)
    print(f"{args.incidents:,} incidents, {args.public_share:.0%} public; staff list (baseline) {baseline * 1000:.1f} ms")
    for label, url in [
        ("public list, page 1", "/public/incidents/"),
        ("public list, page 20", "/public/incidents/?page=20"),
        ("public search 'market'", "/public/incidents/?q=market"),
        ("public place SY11 (Ar-Raqqa)", "/public/incidents/?place=SY11"),
    ]:
        t = best(public, url, args.repeat)
        print(f"  {label:<32} {t * 1000:8.1f} ms  ratio {t / baseline:6.2f}")
    cache.clear()
    started = time.perf_counter()
    public.get("/public/incidents.geojson")
    cold = time.perf_counter() - started
    warm = best(public, "/public/incidents.geojson", args.repeat)
    print(f"  {'map layer, cold / cached':<32} {cold * 1000:8.1f} ms / {warm * 1000:.1f} ms  ratio {cold / baseline:6.2f}")


if __name__ == "__main__":
    main()
