"""The "build package" buttons: an incident's evidence or the ticked items, as the user may see
them, downloaded as a signed package that verifies; each exported item gets a custody event."""

import io
import zipfile
from datetime import date

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from sijill.confidentiality import Confidentiality
from sijill.evidence.models import CustodyEvent
from sijill.evidence.package_verify import check_package
from sijill.evidence.services import evidence_add
from sijill.incidents.services import incident_create

from .conftest import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    admin = make_user("admin", Confidentiality.SECRET, "ev-web-admin")
    analyst = make_user("analyst", Confidentiality.RESTRICTED, "ev-web-analyst")
    incident = incident_create(user=admin, title_en="Strike on the bakery", start_date=date(2016, 3, 1))
    secret_incident = incident_create(user=admin, title_en="Secret", start_date=date(2016, 3, 2), confidentiality=3)
    shown = evidence_add(user=admin, stream=io.BytesIO(jpeg_bytes()), filename="shown.jpg",
                         incidents=[incident.pk], confidentiality=1).item
    hidden = evidence_add(user=admin, stream=io.BytesIO(pdf_bytes()), filename="hidden.pdf",
                          incidents=[incident.pk], confidentiality=3).item
    return {"admin": admin, "analyst": analyst, "incident": incident, "secret_incident": secret_incident,
            "shown": shown, "hidden": hidden}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _zip(response, tmp_path):
    path = tmp_path / "downloaded.zip"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def _exported(item):
    return list(CustodyEvent.objects.filter(item=item, action="exported").values_list("details", flat=True))


def test_the_incident_button_packages_only_what_the_user_may_see(world, tmp_path, vault_root):
    answer = _client(world["analyst"]).post("/evidence/package/", {"incident": world["incident"].pk})
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "application/zip" and "attachment" in answer["Content-Disposition"]
    path = _zip(answer, tmp_path)
    report = check_package(str(path))
    assert report.problems == [] and report.checked == 1
    assert report.key == answer["X-Package-Key"]
    with zipfile.ZipFile(path) as archive:
        names = " ".join(archive.namelist())
    assert world["shown"].sha256 in names and world["hidden"].sha256 not in names
    assert [d["channel"] for d in _exported(world["shown"])] == ["web"]
    assert _exported(world["hidden"]) == []
    assert not list((vault_root / "tmp").iterdir())  # the temporary ZIP is gone


def test_ticked_items_are_packaged_with_one_custody_event_each(world, tmp_path):
    other = evidence_add(user=world["admin"], stream=io.BytesIO(jpeg_bytes(pattern=2)), filename="other.jpg",
                         confidentiality=0).item
    client = _client(world["analyst"])
    assert "Build package of the ticked items" in client.get("/evidence/").content.decode()
    answer = client.post("/evidence/package/", {"item": [world["shown"].pk, other.pk]})
    assert answer.status_code == 200
    assert check_package(str(_zip(answer, tmp_path))).checked == 2
    assert len(_exported(world["shown"])) == 1 and len(_exported(other)) == 1


def test_clearance_and_role_are_respected_and_nothing_is_recorded_on_refusal(world, make_user, vault_root):
    analyst = _client(world["analyst"])
    assert analyst.post("/evidence/package/", {"item": [world["shown"].pk, world["hidden"].pk]}).status_code == 404
    assert analyst.post("/evidence/package/", {"incident": world["secret_incident"].pk}).status_code == 404
    documenter = _client(make_user("documenter", 3, "ev-web-documenter"))
    assert documenter.post("/evidence/package/", {"incident": world["incident"].pk}).status_code == 403
    assert "Build package" not in documenter.get("/evidence/").content.decode()
    assert _exported(world["shown"]) == [] and _exported(world["hidden"]) == []
    assert analyst.get("/evidence/package/").status_code == 405


def test_an_empty_choice_goes_back_with_a_message(world):
    client = _client(world["analyst"])
    answer = client.post("/evidence/package/", {"next": "/evidence/?q=x"}, follow=True)
    assert answer.redirect_chain[-1][0] == "/evidence/?q=x"
    assert "tick the items" in answer.content.decode()
    empty = incident_create(user=world["admin"], title_en="No evidence yet", start_date=date(2016, 3, 3))
    answer = client.post("/evidence/package/", {"incident": empty.pk, "next": "//elsewhere.example"}, follow=True)
    assert answer.redirect_chain[-1][0] == "/evidence/" and "Nothing to package" in answer.content.decode()


def test_the_incident_section_shows_the_button_to_those_who_may_package(world, make_user):
    template = Template('{% include "evidence/incident_evidence.html" %}')
    for user, shown in ((world["analyst"], True), (make_user("documenter", 3, "ev-web-doc2"), False)):
        request = RequestFactory().get(f"/incidents/{world['incident'].pk}/")
        request.user = user
        html = template.render(Context({"incident": world["incident"], "request": request, "csrf_token": "t"}))
        assert ("Build evidence package" in html) == shown
        assert 'name="incident"' in html or not shown
