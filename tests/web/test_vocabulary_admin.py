"""Admins edit the controlled vocabularies in /admin/; others cannot; every edit is audited."""

import pytest
from django.test import Client

from sijill.audit.models import AuditEvent
from sijill.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def test_seeded_vocabularies_are_bilingual():
    kinds = {"violation_type", "weapon", "actor_type", "grading", "verification_status", "source_type", "reliability", "credibility"}
    assert set(Term.objects.values_list("kind", flat=True)) == kinds
    assert not Term.objects.filter(label_ar="").exists() and not Term.objects.filter(label_en="").exists()
    assert list(Term.objects.filter(kind="reliability").values_list("code", flat=True)) == list("abcdef")
    assert list(Term.objects.filter(kind="credibility").values_list("code", flat=True)) == list("123456")
    assert set(Term.objects.filter(kind="grading").values_list("code", flat=True)) == {"confirmed", "fair", "weak", "contested", "discounted"}


def test_admin_edits_a_term_and_the_change_is_audited(make_user, settings):
    settings.SIJILL_REQUIRE_2FA = False
    admin = make_user("admin", 3)
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    term = Term.objects.get(kind="weapon", code="drone")
    response = client.post(f"/admin/vocabularies/term/{term.pk}/change/", {
        "kind": "weapon", "code": "drone", "label_en": "Drone (UAV) strike", "label_ar": "ضربة طائرة مسيّرة",
        "description": "", "position": term.position, "active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:500]
    term.refresh_from_db()
    assert term.label_en == "Drone (UAV) strike"
    event = AuditEvent.objects.get(record_type="term", record_id=str(term.pk))
    assert event.changes["label_en"] == ["Drone strike", "Drone (UAV) strike"]


@pytest.mark.parametrize("role", ["coordinator", "analyst", "documenter", "viewer"])
def test_other_roles_cannot_edit_vocabularies(make_user, settings, role):
    settings.SIJILL_REQUIRE_2FA = False
    user = make_user(role, 3)
    client = Client()
    client.force_login(user)
    term = Term.objects.get(kind="weapon", code="drone")
    response = client.post(f"/admin/vocabularies/term/{term.pk}/change/", {"kind": "weapon", "code": "drone", "label_en": "x", "label_ar": "x", "position": 0})
    assert response.status_code in (302, 403)
    term.refresh_from_db()
    assert term.label_en == "Drone strike"
