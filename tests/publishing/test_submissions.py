"""The public submission form: sealed at rest, identity only when given, spam and floods turned
away without any third-party service, readable by cleared staff only."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import connection

from sijill.audit.models import AuditEvent
from sijill.publishing.forms import form_stamp
from sijill.publishing.models import Submission

pytestmark = pytest.mark.django_db

ACCOUNT = "Zzaccount: the checkpoint at the bridge detained my brother on Tuesday."


def form(**overrides):
    data = {"kind": "testimony", "account": ACCOUNT, "place": "Zzplace Tadef", "when": "Zzwhen last week",
            "name": "Zzname Umm Khaled", "contact": "zzcontact@example.org", "website": "",
            "stamp": form_stamp(at=time.time() - 30)}
    data.update(overrides)
    return data


def raw_row(ref) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM publishing_submission WHERE ref = %s", [ref.hex if connection.vendor == "sqlite" else ref])
        return repr(cursor.fetchone())


def test_a_submission_is_encrypted_at_rest(client, no_rate_limits):
    response = client.post("/public/submit/", form(give_identity="on"))
    assert response.status_code == 302 and response["Location"] == "/public/submit/thanks/"
    submission = Submission.objects.get()
    row = raw_row(submission.ref)
    for plain in ("Zzaccount", "checkpoint", "Zzplace", "Zzwhen", "Zzname", "zzcontact"):
        assert plain not in row
    assert submission.account_sealed.startswith("sj1.") and submission.identity_given


def test_without_the_tick_no_name_or_contact_is_kept(client, no_rate_limits):
    client.post("/public/submit/", form())
    submission = Submission.objects.get()
    assert (submission.identity_given, submission.name_sealed, submission.contact_sealed) == (False, "", "")


def test_staff_cleared_for_restricted_read_it_opened_and_the_reading_is_audited(client, no_rate_limits, make_user,
                                                                               no_2fa):
    client.post("/public/submit/", form(give_identity="on"))
    submission = Submission.objects.get()
    reader = make_user("analyst", 2, username="reader")
    client.force_login(reader)
    page = client.get(f"/reports/submissions/{submission.ref}/").content.decode()
    assert "Zzaccount" in page and "Zzname Umm Khaled" in page and "zzcontact@example.org" in page
    assert AuditEvent.objects.filter(action="submission read", user=reader).count() == 1
    assert AuditEvent.objects.filter(action="submission received").count() == 1
    assert "Zzaccount" not in repr(list(AuditEvent.objects.values()))
    client.force_login(make_user("analyst", 1, username="internal-only"))
    assert client.get(f"/reports/submissions/{submission.ref}/").status_code == 403
    assert client.get("/reports/submissions/").status_code == 403
    client.logout()
    assert client.get(f"/reports/submissions/{submission.ref}/").status_code == 302  # to the login page


def test_a_filled_honeypot_is_thanked_and_nothing_is_kept(client, no_rate_limits):
    response = client.post("/public/submit/", form(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/public/submit/thanks/"
    assert Submission.objects.count() == 0


def test_a_form_sent_faster_than_a_person_could_is_refused(client, no_rate_limits):
    response = client.post("/public/submit/", form(stamp=form_stamp()))
    assert response.status_code == 200 and "too fast" in response.content.decode()
    assert Submission.objects.count() == 0
    # The page comes back with a fresh stamp and the text kept, so a person just sends it again.
    assert "checkpoint at the bridge" in response.content.decode()


def test_a_forged_or_stale_stamp_is_refused(client, no_rate_limits):
    assert client.post("/public/submit/", form(stamp="forged")).status_code == 200
    assert client.post("/public/submit/", form(stamp=form_stamp(at=time.time() - 3 * 86400))).status_code == 200
    assert Submission.objects.count() == 0


def test_size_limits_are_enforced(client, no_rate_limits):
    response = client.post("/public/submit/", form(account="x" * 20_001))
    assert response.status_code == 200 and Submission.objects.count() == 0
    response = client.post("/public/submit/", form(account="too short"))
    assert response.status_code == 200 and Submission.objects.count() == 0


def test_more_than_five_submissions_a_minute_from_one_address_are_refused(client, settings):
    settings.SIJILL_RATE_LIMITS_ENABLED = True
    cache.clear()
    if time.time() % 60 > 50:  # the counts are per clock minute: start well inside one
        time.sleep(60 - time.time() % 60 + 0.1)
    codes = [client.post("/public/submit/", form(), REMOTE_ADDR="198.51.100.7").status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert Submission.objects.count() == 5
    # Another address is not affected, and reading the form is never limited.
    assert client.post("/public/submit/", form(), REMOTE_ADDR="198.51.100.8").status_code == 302
    assert client.get("/public/submit/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_taking_a_submission_into_documentation_makes_a_restricted_source_waiting_for_review(
        client, no_rate_limits, make_user, no_2fa):
    from sijill.review.models import ReviewItem
    from sijill.sources.models import Source

    client.post("/public/submit/", form(give_identity="on"))
    submission = Submission.objects.get()
    reader = make_user("analyst", 2, username="reader")
    client.force_login(reader)
    response = client.post(f"/reports/submissions/{submission.ref}/", {"accept": "1", "note": ""})
    source = Source.objects.get()
    assert response["Location"] == f"/sources/{source.pk}/"
    assert source.confidentiality == 2 and source.source_type.code == "witness-testimony"
    assert ACCOUNT in source.content and "Zzplace Tadef" in source.content
    assert source.witness_name == "Zzname Umm Khaled" and source.witness_contact == "zzcontact@example.org"
    assert ReviewItem.objects.get(source=source).state == "received"
    submission.refresh_from_db()
    assert submission.status == "accepted" and submission.reviewed_by == reader
    assert client.post(f"/reports/submissions/{submission.ref}/", {"accept": "1"}).status_code == 302
    assert Source.objects.count() == 1  # a handled submission is not taken twice
