"""The audit chain detects any row edited, deleted or reordered, and `sijill audit verify` says where."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sijill.audit.models import AuditEvent
from sijill.audit.services import audit_verify
from sijill.incidents.services import incident_create, incident_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(analyst):
    incident = incident_create(user=analyst, title_en="Shelling of a bakery", start_date=date(2015, 5, 5))
    for n in range(4):
        incident_update(user=analyst, incident_id=incident.pk, lock_version=n + 1, title_en=f"Shelling of a bakery ({n})")
    return list(AuditEvent.objects.order_by("seq"))


def test_intact_chain_verifies(chain, capsys):
    assert audit_verify() == (5, None)
    call_command("audit", "verify")
    assert "5 events verified" in capsys.readouterr().out


def test_edited_row_is_named(chain):
    AuditEvent.objects.filter(seq=3).update(changes={"title_en": ["x", "y"]})
    checked, broken = audit_verify()
    assert broken.seq == 3 and "changed" in broken.reason and checked == 2


def test_edited_user_or_time_is_detected(chain):
    AuditEvent.objects.filter(seq=2).update(username="someone-else")
    assert audit_verify()[1].seq == 2


def test_deleted_row_is_detected(chain):
    AuditEvent.objects.filter(seq=4).delete()
    assert audit_verify()[1].seq == 4


def test_deleted_first_row_is_detected(chain):
    AuditEvent.objects.filter(seq=1).delete()
    assert audit_verify()[1].seq == 1


def test_reordered_rows_are_detected(chain):
    a, b = AuditEvent.objects.get(seq=2), AuditEvent.objects.get(seq=3)
    AuditEvent.objects.filter(pk=a.pk).update(seq=1000)
    AuditEvent.objects.filter(pk=b.pk).update(seq=2)
    AuditEvent.objects.filter(pk=a.pk).update(seq=3)
    assert audit_verify()[1].seq == 2


def test_command_exits_non_zero_naming_the_event(chain):
    AuditEvent.objects.filter(seq=5).update(action="create")
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert "#5" in str(exc.value) and exc.value.returncode == 1
