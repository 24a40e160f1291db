"""Incident linkage: the same incident reported by two sources is proposed as a pair, reviewed on
its page, and an accepted pair is one incident cluster in the next run."""

from __future__ import annotations

import datetime
import random

import pytest

from sijill.incidents.models import Act, Incident
from sijill.intake.models import ImportRecord, ImportRun
from sijill.linkage import services
from sijill.places.models import Place
from sijill.vocabularies.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_twice(filer):
    """40 incidents from Airwars; half of them reported again by VDC at the same place, on the same
    day or a day later."""
    rng = random.Random(3)
    country = Place.objects.create(pcode="SYX", country="SY", level=0, name_en="Syria", path="SYX/")
    places = [Place.objects.create(pcode=f"CX{n}", country="SY", level=4, name_en=f"Village {n}", parent=country,
                                   path=f"SYX/CX{n}/", latitude=33 + n / 10, longitude=36 + n / 20)
              for n in range(60)]
    received = Term.objects.get(kind="verification_status", code="received")
    killing = Term.objects.get(kind="violation_type", code="killing")
    run = ImportRun.objects.create(user=filer, file_name="incidents", file_path="-", file_sha256="0" * 64)
    twins = []
    for n in range(40):
        day = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        place = places[n]
        reports = [("airwars", day)] + ([("vdc", day + datetime.timedelta(days=n % 4 // 2))] if n % 2 == 0 else [])
        made = []
        for source, when in reports:
            incident = Incident.objects.create(title_en=f"Strike {n} ({source})", start_date=when, end_date=when,
                                               place=place, place_path=place.path, status=received)
            Act.objects.create(incident=incident, violation_type=killing)
            ImportRecord.objects.create(source=source, source_key=f"{source}-{n}", target_type="incident",
                                        target_id=incident.pk, first_run=run, run=run, row_number=n, content_hash="-")
            made.append(incident.pk)
        if len(made) == 2:
            twins.append(tuple(made))
    return twins


def test_incident_pairs_are_proposed_reviewed_and_fed_back(reported_twice, analyst, client, no_2fa):
    first = services.link_run(kind="incidents")
    proposed = {(p.left_id, p.right_id) for p in first.pairs.all()}
    assert len(proposed & set(reported_twice)) >= 10
    left, right = sorted(proposed & set(reported_twice))[0]
    pair = first.pairs.get(left_id=left, right_id=right)
    client.force_login(analyst)
    page = client.get("/linkage/incidents/").content.decode()
    assert f'id="pair-{pair.pk}"' in page and "Strike" in page
    response = client.post(f"/linkage/pairs/{pair.pk}/decide/", {"verdict": "accept"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.json()["ok"]
    second = services.link_run(kind="incidents")
    assert [str(pair.left_id), str(pair.right_id)] in second.clusters
    assert f'id="pair-{pair.pk}"' not in client.get("/linkage/incidents/").content.decode()
    page = client.get("/linkage/incidents/").content.decode()
    assert "Proposed incident clusters" in page
