"""`sijill estimate --from-linkage` estimates from the unique victims' capture histories that
record linkage exports, within the reader's clearance and per stratum."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from sijill.confidentiality import Confidentiality
from sijill.intake.models import ImportRecord, ImportRun
from sijill.linkage import services
from sijill.people.services import person_create
from sijill.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_lists(make_user):
    """Victims on the lists vdc and snhr, hand-counted: in Aleppo 6 only on vdc, 4 only on snhr,
    2 on both (a vdc and an snhr record linked as one man), so Lincoln-Petersen gives
    8 * 6 / 2 = 24; in Idlib 3 on vdc only, 3 on snhr only; plus one secret vdc record."""
    filer = make_user("admin", Confidentiality.SECRET, username="filer")
    analyst = make_user("analyst", Confidentiality.RESTRICTED, username="analyst")
    country = Place.objects.create(pcode="SYX", country="SY", level=0, name_en="Syria", path="SYX/")
    for code in ("SYX02", "SYX07"):
        Place.objects.create(pcode=code, country="SY", level=1, name_en=code, parent=country, path=f"SYX/{code}/")
    run = ImportRun.objects.create(user=filer, file_name="lists", file_path="-", file_sha256="0" * 64)
    made = []

    def victim(source, place, secret=False):
        level = Confidentiality.SECRET if secret else Confidentiality.INTERNAL
        person = person_create(user=filer, name_latin=f"Person {len(made)}", origin=place,
                               death_date="2016-03-02", confidentiality=level)
        ImportRecord.objects.create(source=source, source_key=f"k{len(made)}", target_type="person",
                                    target_id=person.pk, first_run=run, run=run, row_number=len(made),
                                    content_hash="-")
        made.append(person)
        return person

    for _ in range(6):
        victim("vdc", "SYX02")
    for _ in range(4):
        victim("snhr", "SYX02")
    for _ in range(2):
        left, right = victim("vdc", "SYX02"), victim("snhr", "SYX02")
        services.pair_decide(user=analyst, kind="persons", left_id=left.pk, right_id=right.pk, verdict="accept")
    for _ in range(3):
        victim("vdc", "SYX07"), victim("snhr", "SYX07")
    victim("vdc", "SYX02", secret=True)
    return analyst


def estimate(*args) -> dict:
    out = io.StringIO()
    call_command("estimate", "--from-linkage", *args, stdout=out)
    return json.loads(out.getvalue())


def test_estimate_from_linkage_in_a_place_gives_lincoln_petersen(two_lists):
    result = estimate("--user", "analyst", "--place", "SYX02")
    assert result["observed"] == 12 and result["lists"] == ["snhr", "vdc"]
    assert result["estimate"] == 24


def test_estimate_from_linkage_counts_only_what_the_user_may_see(two_lists):
    # Run as the system, the secret vdc record is one more victim only on vdc: 9 * 6 / 2 = 27.
    assert estimate("--place", "SYX02")["estimate"] == 27


def test_estimate_from_linkage_per_stratum_says_which_cannot_be_estimated(two_lists):
    strata = {s["place"]: s for s in estimate("--user", "analyst", "--by", "governorate")}
    assert strata["SYX02"]["estimate"] == 24
    assert "No log-linear model" in strata["SYX07"]["error"]  # the two lists never overlap there


def test_estimate_from_linkage_without_victims_is_an_error(db):
    with pytest.raises(CommandError):
        estimate()
