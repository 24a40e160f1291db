"""Sijill CSV export -> `sijill import --mapping sijill-incidents` restores the same records."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sijill.incidents.models import Incident
from sijill.intake.mappings import INCIDENT_MAPPABLE

pytestmark = pytest.mark.django_db


def _comparable(incident: Incident) -> dict:
    """What the Sijill CSV carries back: the mappable fields, the place, the first act and every actor."""
    data = {}
    for name in INCIDENT_MAPPABLE:
        value = getattr(incident, name)
        data[name] = getattr(value, "code", value)
    data["place"] = incident.place.pcode if incident.place_id else None
    acts = list(incident.acts.select_related("violation_type", "method").order_by("id"))
    data["violation_type"] = acts[0].violation_type.code if acts else None
    data["method"] = acts[0].method.code if acts and acts[0].method_id else None
    data["actors"] = sorted({c.actor.slug for a in acts for c in a.claims.select_related("actor")})
    return data


def test_csv_export_then_import_restores_the_same_incidents(world, tmp_path):
    editor = world["editor"]
    Incident.objects.filter(pk=world["restricted"].pk).delete()  # one level per import run: internal
    Incident.objects.filter(pk=world["public"].pk).update(confidentiality=1)
    before = {i.title_en: _comparable(i) for i in Incident.objects.all()}
    assert len(before) == 2

    out = tmp_path / "incidents.csv"
    call_command("export", format="csv", user=editor.username, output=str(out))
    Incident.objects.all().delete()
    call_command("import", str(out), mapping="sijill-incidents", user=editor.username, confidentiality="internal",
                 no_progress=True)

    after = {i.title_en: _comparable(i) for i in Incident.objects.all()}
    assert after.keys() == before.keys()
    for title, fields in before.items():
        differing = {k: (v, after[title][k]) for k, v in fields.items() if after[title][k] != v}
        assert not differing, f"{title}: {differing}"
    assert before["Airstrike on Tadef market"]["latitude"] == 36.3411111
    assert before["Airstrike on Tadef market"]["actors"] == ["test-air-force", "test-militia"]
    assert before["Detention campaign in Raqqa"]["date_precision"] == "month"
