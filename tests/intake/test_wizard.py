"""The web import wizard: upload, mapping, preview, dry run, background import, progress, cancel."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from sijill.confidentiality import Confidentiality
from sijill.intake.models import ImportRun, Mapping, RunStatus
from sijill.intake.services import import_cancel, import_execute, import_prepare
from sijill.people.models import Person

CSV = ("id,name_ar,name,sex,age\n"
       "1,محمد الأحمد,Mohammad al-Ahmad,male,34\n"
       "2,فاطمة العلي,Fatima al-Ali,female,9\n"
       "3,,,male,two hundred\n"
       "4,,Samir Khalil,female,40\n").encode()


@pytest.fixture
def web(no_2fa, importer):
    client = Client()
    client.force_login(importer)
    return client


def _upload(client, content: bytes = CSV, name: str = "people.csv"):
    file = io.BytesIO(content)
    file.name = name
    response = client.post("/imports/", {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.get(status=RunStatus.DRAFT, file_name=name)


def test_wizard_uploads_maps_previews_dry_runs_and_imports_in_the_background(web, immediate_jobs):
    draft = _upload(web)
    page = web.get(f"/imports/{draft.pk}/").content.decode()
    assert "utf-8" in page and "name_ar" in page and ">4<" in page  # encoding, columns, rows

    # A new mapping, saved under a name; columns named like fields are preselected.
    form = web.get(f"/imports/{draft.pk}/mapping/?target=person").content.decode()
    assert 'value="name_ar" selected' in form
    response = web.post(f"/imports/{draft.pk}/mapping/", {
        "target": "person", "name": "wizard-people", "source_name": "wizard-list", "key": ["id"],
        "f_name_ar": "name_ar", "f_name_latin": "name", "f_sex": "sex", "f_age": "age",
    })
    assert response.status_code == 302
    assert Mapping.objects.get(name="wizard-people").spec["fields"]["name_latin"] == "name"
    # Above the importer's clearance is not offered, and refused when sent.
    response = web.post(f"/imports/{draft.pk}/", {"mapping": "wizard-people", "on_error": "skip",
                                                  "confidentiality": Confidentiality.SECRET})
    assert response.status_code == 200 and ImportRun.objects.get(pk=draft.pk).confidentiality != Confidentiality.SECRET
    response = web.post(f"/imports/{draft.pk}/", {"mapping": "wizard-people", "on_error": "skip",
                                                  "confidentiality": Confidentiality.RESTRICTED})
    assert response.status_code == 302 and response["Location"].endswith("/preview/")

    preview = web.get(f"/imports/{draft.pk}/preview/").content.decode()
    assert "Fatima al-Ali" in preview and "two hundred" in preview and "rejected" in preview
    assert not Person.objects.exists()

    response = web.post(f"/imports/{draft.pk}/start/", {"dry_run": "1"})
    dry = ImportRun.objects.get(dry_run=True)
    assert response["Location"] == f"/imports/runs/{dry.pk}/"
    report = web.get(response["Location"]).content.decode()
    assert dry.__class__.objects.get(pk=dry.pk).status == RunStatus.DONE
    assert 'id="problems"' in report and "two hundred" in report and "<td>3</td>" in report
    assert not Person.objects.exists()

    response = web.post(f"/imports/{draft.pk}/start/", {"dry_run": "0"})
    run = ImportRun.objects.get(dry_run=False, status=RunStatus.DONE)
    result = web.get(response["Location"]).content.decode()
    assert (run.created, run.rejected) == (3, 1)
    assert set(Person.objects.values_list("confidentiality", flat=True)) == {Confidentiality.RESTRICTED}
    assert "rejected.csv" in result
    rejected = web.get(f"/imports/runs/{run.pk}/rejected.csv")
    body = b"".join(rejected.streaming_content).decode("utf-8-sig")
    assert "two hundred" in body and "sijill_errors" in body

    fragment = web.get(f"/imports/runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "4 of 4 rows" in fragment.content.decode()


def test_progress_fragment_polls_while_the_run_is_queued(web, importer, people_mapping, write_csv):
    path = write_csv("p.csv", ["id", "name_ar", "name", "sex", "age"], [["1", "", "A b", "M", "3"]])
    run = import_prepare(user=importer, path=path, mapping_name="people-list")
    fragment = web.get(f"/imports/runs/{run.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "0 of 1 rows" in fragment
    page = web.get(f"/imports/runs/{run.pk}/").content.decode()
    assert 'id="cancel"' in page


def test_cancel_button_stops_a_run_after_the_batch_it_is_writing(web, importer, people_mapping, write_csv):
    rows = [[str(i), "", f"Person {i}", "M", "30"] for i in range(10)]
    path = write_csv("p.csv", ["id", "name_ar", "name", "sex", "age"], rows)
    run = import_prepare(user=importer, path=path, mapping_name="people-list", batch_size=3)
    # Cancelled from the page while the first batch is being written.
    run = import_execute(run_id=run.pk, progress=lambda n: web.post(f"/imports/runs/{run.pk}/cancel/"))
    assert (run.status, run.created, Person.objects.count()) == (RunStatus.CANCELLED, 3, 3)
    # Cancelled while still queued: nothing is written.
    queued = import_prepare(user=importer, path=write_csv("q.csv", ["id", "name_ar", "name", "sex", "age"],
                                                          rows), mapping_name="people-list")
    import_cancel(user=importer, run_id=queued.pk)
    assert import_execute(run_id=queued.pk).status == RunStatus.CANCELLED
    assert Person.objects.count() == 3


def test_viewer_may_not_cancel_and_others_may_not_cancel_my_import(make_user, people_mapping, write_csv, importer,
                                                                   no_2fa):
    run = import_prepare(user=importer, path=write_csv("p.csv", ["id", "name_ar", "name", "sex", "age"],
                                                       [["1", "", "A b", "M", "3"]]), mapping_name="people-list")
    other = Client()
    other.force_login(make_user("documenter", Confidentiality.SECRET, username="someone-else"))
    assert other.post(f"/imports/runs/{run.pk}/cancel/").status_code == 404
    assert not ImportRun.objects.get(pk=run.pk).cancel_requested


URLS = ["/imports/", "/imports/{draft}/", "/imports/{draft}/mapping/", "/imports/{draft}/preview/",
        "/imports/{draft}/start/", "/imports/runs/{run}/", "/imports/runs/{run}/progress/",
        "/imports/runs/{run}/cancel/", "/imports/runs/{run}/rejected.csv"]


@pytest.mark.parametrize("role", ["viewer", "anonymous", "documenter", "analyst", "coordinator", "admin"])
def test_every_import_page_requires_a_role_that_may_create(role, make_user, importer, people_mapping, write_csv,
                                                          no_2fa):
    draft = ImportRun.objects.create(user=importer, file_name="x.csv", file_path="/nonexistent", file_sha256="0",
                                     status=RunStatus.DRAFT)
    run = import_prepare(user=importer, path=write_csv("p.csv", ["id", "name_ar", "name", "sex", "age"],
                                                       [["1", "", "", "M", "3"]]), mapping_name="people-list")
    import_execute(run_id=run.pk)
    client = Client()
    if role != "anonymous":
        client.force_login(make_user(role, Confidentiality.SECRET, username=f"u-{role}"))
    for url in URLS:
        url = url.format(draft=draft.pk, run=run.pk)
        response = client.post(url) if url.endswith(("/start/", "/cancel/")) else client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif role == "viewer":
            assert response.status_code == 403, url
        elif role == "documenter":
            # A documenter sees only their own imports.
            assert response.status_code in (200, 404) and (url != "/imports/" or response.status_code == 200), url
        else:
            assert response.status_code in (200, 302), (url, response.status_code)
