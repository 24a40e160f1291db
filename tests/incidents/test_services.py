"""Filing, editing and deleting incidents through the services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sijill.audit.models import AuditEvent, Version
from sijill.errors import EditConflict, NotFound, PermissionDenied
from sijill.incidents.models import Incident
from sijill.incidents.selectors import IncidentFilters, incident_get, incident_list
from sijill.incidents.services import act_add, incident_create, incident_delete, incident_update

pytestmark = pytest.mark.django_db


def _incident(user, **extra):
    fields = {"title_ar": "قصف جوي على مستشفى في الرقة", "start_date": date(2017, 6, 3)}
    fields.update(extra)
    return incident_create(user=user, **fields)


def test_create_stores_version_and_audit_event(analyst):
    incident = _incident(analyst)
    assert incident.pk and incident.lock_version == 1
    assert Version.objects.filter(record_type="incident", record_id=str(incident.pk)).count() == 1
    event = AuditEvent.objects.get(record_type="incident", record_id=str(incident.pk))
    assert event.action == "create" and event.changes["title_ar"][1] == "قصف جوي على مستشفى في الرقة"


def test_month_precision_covers_the_whole_month(analyst):
    incident = _incident(analyst, start_date=date(2016, 2, 14), date_precision="month")
    assert (incident.start_date, incident.end_date) == (date(2016, 2, 1), date(2016, 2, 29))


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"start_date": "2017-02-30"}, "start_date"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"start_date": date(2017, 5, 1), "end_date": date(2017, 4, 1), "date_precision": "range"}, "end_date"),
        ({"start_date": date(2999, 1, 1)}, "start_date"),
        ({"killed_total_min": -1}, "killed_total_min"),
        ({"killed_children_min": 5, "killed_children_max": 2}, "killed_children_max"),
        ({"status": "approved-by-nobody"}, "status"),
        ({"grading": "certain"}, "grading"),
        ({"title_ar": "x" * 501}, "title_ar"),
        ({"latitude": 123}, "latitude"),
        ({"title_ar": "", "title_en": ""}, "title_ar"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(analyst, bad, field):
    with pytest.raises(ValidationError) as exc:
        _incident(analyst, **bad)
    assert field in exc.value.message_dict
    assert Incident.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_second_save_with_stale_version_is_refused(analyst, make_user):
    incident = _incident(analyst)
    other = make_user("coordinator", 3)
    incident_update(user=other, incident_id=incident.pk, lock_version=1, title_en="Airstrike on hospital")
    with pytest.raises(EditConflict) as exc:
        incident_update(user=analyst, incident_id=incident.pk, lock_version=1, title_en="Shelling")
    assert exc.value.theirs["title_en"] == "Airstrike on hospital"
    assert exc.value.yours["title_en"] == "Shelling"
    assert Incident.objects.get(pk=incident.pk).title_en == "Airstrike on hospital"


def test_act_with_victims_and_claim_is_versioned(analyst):
    from sijill.actors.models import Actor

    actor = Actor.objects.create(name_en="Test force", slug="test-force", path="/")
    incident = _incident(analyst)
    act_add(
        user=analyst, incident_id=incident.pk, violation_type="killing", method="airstrike",
        victims=[{"name_ar": "محمد الحسين", "sex": "male", "age": 34}, {"name_ar": "فاطمة الحسين", "sex": "female", "age": 9}],
        claims=[{"actor": actor.slug, "degree": "direct", "confidence": "high"}],
    )
    latest = Version.objects.filter(record_type="incident", record_id=str(incident.pk)).order_by("-number").first()
    assert latest.number == 2
    assert [v["name"] for v in latest.data["acts"][0]["victims"]] == ["محمد الحسين", "فاطمة الحسين"]
    # the child flag follows from the age
    assert incident.acts.get().victims.get(name_ar="فاطمة الحسين").is_child
    # victims' names become searchable on the incident
    assert incident_list(user=analyst, filters=IncidentFilters(q="فاطمه")).count() == 1


def test_soft_deleted_incident_leaves_every_list_but_stays_stored(make_user):
    coordinator = make_user("coordinator", 3)
    incident = _incident(coordinator)
    incident_delete(user=coordinator, incident_id=incident.pk)
    assert incident_list(user=coordinator).count() == 0
    with pytest.raises(NotFound):
        incident_get(user=coordinator, incident_id=incident.pk)
    assert Incident.objects.filter(pk=incident.pk, deleted_at__isnull=False).exists()


def test_viewer_cannot_create(make_user):
    with pytest.raises(PermissionDenied):
        _incident(make_user("viewer", 3))


def test_nobody_files_above_their_clearance(make_user):
    with pytest.raises(ValidationError) as exc:
        _incident(make_user("documenter", 1), confidentiality=2)
    assert "confidentiality" in exc.value.message_dict


def test_editing_sources_never_drops_one_the_editor_cannot_see(make_user):
    from sijill.sources.services import source_create

    boss = make_user("admin", 3, "boss")
    documenter = make_user("documenter", 1, "doc")
    secret = source_create(user=boss, title="protected witness", source_type="witness-testimony", confidentiality=3)
    public = source_create(user=boss, title="news", source_type="media-article", confidentiality=0)
    incident = incident_create(user=documenter, title_en="Detention at a checkpoint", start_date=date(2014, 2, 2))
    incident_update(user=boss, incident_id=incident.pk, lock_version=1, sources=[secret.pk])
    incident_update(user=documenter, incident_id=incident.pk, lock_version=2, sources=[public.pk])
    assert set(incident.sources.values_list("pk", flat=True)) == {secret.pk, public.pk}


def test_casualty_rows_read_as_ranges(analyst):
    incident = _incident(analyst, killed_total_min=3, killed_total_max=5, killed_children_min=2,
                         killed_children_max=2, injured_total_max=7)
    (killed, killed_cells), (injured, injured_cells) = incident.casualty_rows()
    assert killed_cells == ["3–5", "2", "", "", ""]
    assert injured_cells == ["–7", "", "", "", ""]
    assert (str(killed), str(injured)) == ("killed", "injured")
