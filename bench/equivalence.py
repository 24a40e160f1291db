"""Check that the current selectors answer exactly as the pre-issue-2 ones (bench/reference.py).

    .venv/bin/python bench/equivalence.py [--database-url URL] [--details 200]

On a database built by generate.py, for users of every clearance (and none): the same incident
ids in the same order and the same total for each filter and search (also from `incident_list_total`, which counts a
search from the full-text index), the same persons for person
searches, and for random incidents the same acts, visible victims, claims and sources. Exits 1 and
names each difference, else prints how much was compared.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import vocabulary as V  # noqa: E402
from bench.environment import DEFAULT_HOME, check_bench_url, configure  # noqa: E402


def detail_shape(incident) -> tuple:
    """Everything incident_detail exposes, as ids."""
    return (
        incident.pk,
        [(a.pk, [(v.pk, v.person_id) for v in a.visible_victims],
          [(c.pk, c.actor_id, [s.pk for s in c.visible_sources]) for c in a.all_claims],
          [s.pk for s in a.visible_sources]) for a in incident.visible_acts],
        [s.pk for s in incident.visible_sources],
    )


def filter_cases(rng: random.Random):
    from sijill.actors.models import Actor
    from sijill.incidents.selectors import IncidentFilters
    from sijill.places.models import Place

    common_ar, common_en = V.COMMON_WORDS
    rare_ar, rare_en = V.RARE_WORDS
    used = Place.objects.filter(pk__in=_used_place_ids())
    places = ["SY02", "SY", "NOPE"]
    for level in (1, 2, 3, 4):
        places += list(used.filter(level=level).order_by("pcode").values_list("pcode", flat=True)[:3])
    # ancestors of places that hold incidents, so each level has rows below it
    paths = list(used.values_list("path", flat=True)[:50])
    places += sorted({p.strip("/").split("/")[i] for p in paths for i in (1, 2, 3) if len(p.strip("/").split("/")) > i})[:12]
    actors = list(Actor.objects.order_by("path").values_list("slug", flat=True)[:4])
    cases = [IncidentFilters()]
    cases += [IncidentFilters(date_from=date(y, 1, 1), date_to=date(y, 12, 31)) for y in (2011, 2016, 2024)]
    cases += [IncidentFilters(date_from=date(2016, 6, 1)), IncidentFilters(date_to=date(2013, 2, 1))]
    cases += [IncidentFilters(place=p) for p in places]
    cases += [IncidentFilters(q=q) for q in (common_ar, common_en, rare_ar, rare_en, V.NAME_QUERY, "", "!!",
                                               f"{common_en} {rare_en}", "nothingmatchesthis")]
    cases += [IncidentFilters(q=common_en, place="SY02"), IncidentFilters(q=common_ar, date_from=date(2016, 1, 1),
                                                                          date_to=date(2016, 12, 31)),
              IncidentFilters(q=rare_en, place="SY02"), IncidentFilters(place="SY02", date_from=date(2014, 1, 1)),
              IncidentFilters(place="SY02", confidentiality=1), IncidentFilters(q=common_en, status="verified")]
    cases += [IncidentFilters(actor=a) for a in actors]
    cases += [IncidentFilters(violation_type="attack-on-civilians"), IncidentFilters(grading="confirmed")]
    return cases


def compare_lists(users, cases, current, reference_list, paginator) -> list[str]:
    """Differences between the current and the reference incident list: ids in order, total, page 1."""
    from sijill.incidents.selectors import incident_list_total

    differences = []
    for user in users:
        level = getattr(user, "clearance", "anonymous")
        for f in cases:
            new, old = current(user=user, filters=f), reference_list(user=user, filters=f)
            new_ids, old_ids = list(new.values_list("pk", flat=True)), list(old.values_list("pk", flat=True))
            new_page = [i.pk for i in paginator(new, 50).get_page(1).object_list]
            old_page = [i.pk for i in paginator(old, 50).get_page(1).object_list]
            total = incident_list_total(user=user, filters=f)  # what the web list and the API show
            if new_ids != old_ids or new.count() != old.count() or total != old.count() or new_page != old_page:
                differences.append(f"clearance {level}, {f}: {len(new_ids)} rows vs {len(old_ids)} before")
    return differences


def _used_place_ids():
    from sijill.incidents.models import Incident

    return Incident.objects.order_by().values("place_id").distinct()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--details", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home.resolve())

    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator

    from bench import reference
    from sijill.accounts.models import User
    from sijill.incidents.models import Incident
    from sijill.incidents.selectors import incident_detail, incident_list
    from sijill.people.selectors import person_list

    rng = random.Random(args.seed)
    users = [AnonymousUser()] + [User(username=f"equivalence-{c}", role="analyst", clearance=c, is_active=True)
                                 for c in (0, 1, 2, 3)]
    differences, compared = [], 0
    cases = filter_cases(rng)
    from sijill import search_index

    # The search cases twice: as the engine decides, and with SQLite made to treat every word as
    # common (probing the FTS set), so both query shapes are compared at any scale.
    passes = [(search_index._COMMON_MATCHES, cases), (1, [f for f in cases if f.q])]
    for threshold, chosen in passes:
        search_index._COMMON_MATCHES = threshold
        differences += compare_lists(users, chosen, incident_list, reference.incident_list, Paginator)
        compared += sum(reference.incident_list(user=u, filters=f).count() for u in users for f in chosen)
    search_index._COMMON_MATCHES = passes[0][0]
    for user in users:
        level = getattr(user, "clearance", "anonymous")
        for q in (V.NAME_QUERY, V.RARE_WORDS[1], "nothingmatchesthis"):
            new, old = person_list(user=user, q=q), reference.person_list(user=user, q=q)
            if list(new.values_list("pk", flat=True)) != list(old.values_list("pk", flat=True)) or new.count() != old.count():
                differences.append(f"clearance {level}, person search {q!r}")
    visible = list(Incident.objects.order_by("pk").values_list("pk", flat=True))
    for incident_id in rng.sample(visible, min(args.details, len(visible))):
        for user in users[1:]:
            try:
                new = detail_shape(incident_detail(user=user, incident_id=incident_id))
            except Exception as exc:  # NotFound above the user's clearance: must match
                new = type(exc).__name__
            try:
                old = detail_shape(reference.incident_detail(user=user, incident_id=incident_id))
            except Exception as exc:
                old = type(exc).__name__
            if new != old:
                differences.append(f"clearance {user.clearance}, detail of incident {incident_id}")
    for d in differences:
        print("DIFFERENT:", d)
    print(f"{len(users)} users x {len(cases)} filters + {len(passes[1][1])} searches as common words "
          f"({compared:,} listed rows), 3 person searches, "
          f"{min(args.details, len(visible))} details x 4 clearances: {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
