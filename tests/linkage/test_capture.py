"""Capture histories against a table computed by hand: unique victims after merges and splits,
their lists, strata of place and period, and nothing above the reader's clearance."""

from __future__ import annotations

import csv
import datetime

import pytest
from django.core.management import call_command

from sijill.confidentiality import Confidentiality
from sijill.intake.models import ImportRecord, ImportRun
from sijill.linkage import services
from sijill.linkage.capture import capture_table
from sijill.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented(person, filer, analyst):
    """Ten person records on three lists in Aleppo and Idlib (hand-computed tables below).

    p1 vdc, p2 snhr, p3 airwars: one man (p1~p2, p2~p3 accepted), Aleppo, March-April 2016
    p4 vdc Aleppo 2016-05; p5 vdc Idlib 2016-03; p6 snhr Idlib 2017-01
    p7 airwars Aleppo 2016-03, secret
    p8 snhr and p9 vdc Aleppo 2016-05: merged, then split again
    p10 filed by hand, citing a source of Airwars, Aleppo 2016-06
    """
    from sijill.sources.services import source_create

    country = Place.objects.create(pcode="SYX", country="SY", level=0, name_en="Syria", path="SYX/")
    aleppo = Place.objects.create(pcode="SYX02", country="SY", level=1, name_en="Aleppo", parent=country,
                                  path="SYX/SYX02/")
    idlib = Place.objects.create(pcode="SYX07", country="SY", level=1, name_en="Idleb", parent=country,
                                 path="SYX/SYX07/")
    run = ImportRun.objects.create(user=filer, file_name="lists", file_path="-", file_sha256="0" * 64)
    rows = [
        ("vdc", aleppo, "2016-03-02"), ("snhr", aleppo, "2016-03-03"), ("airwars", aleppo, "2016-04-01"),
        ("vdc", aleppo, "2016-05-10"), ("vdc", idlib, "2016-03-20"), ("snhr", idlib, "2017-01-05"),
        ("airwars", aleppo, "2016-03-02"), ("snhr", aleppo, "2016-05-11"), ("vdc", aleppo, "2016-05-11"),
    ]
    p = {}
    for n, (source, place, died) in enumerate(rows, start=1):
        level = Confidentiality.SECRET if n == 7 else Confidentiality.INTERNAL
        p[n] = person("", f"Person {n}", origin=place.pcode, death_date=died, confidentiality=level)
        ImportRecord.objects.create(source=source, source_key=f"k{n}", target_type="person", target_id=p[n].pk,
                                    first_run=run, run=run, row_number=n, content_hash="-")
    p[10] = person("", "Person 10", origin="SYX02", death_date="2016-06-01")
    cited = source_create(user=filer, title="Airwars victim page", source_type="media-article", origin="airwars")
    p[10].sources.add(cited)
    for a, b, verdict in ((1, 2, "accept"), (2, 3, "accept"), (8, 9, "accept"), (8, 9, "split")):
        services.pair_decide(user=analyst, kind="persons", left_id=p[a].pk, right_id=p[b].pk, verdict=verdict)
    return p


def test_capture_table_counts_unique_victims_per_pattern(documented, analyst, admin_user):
    # Lists in order airwars, snhr, vdc.
    names, rows = capture_table(analyst, place_path="SYX/SYX02/")
    assert names == ["airwars", "snhr", "vdc"]
    assert dict(rows) == {(1, 1, 1): 1, (0, 0, 1): 2, (0, 1, 0): 1, (1, 0, 0): 1}
    # The secret record is one more victim, only for a reader cleared for it.
    assert dict(capture_table(admin_user, place_path="SYX/SYX02/")[1])[(1, 0, 0)] == 2
    names, rows = capture_table(analyst)
    assert dict(rows) == {(1, 1, 1): 1, (0, 0, 1): 3, (0, 1, 0): 2, (1, 0, 0): 1}
    names, rows = capture_table(analyst, date_from=datetime.date(2016, 3, 1), date_to=datetime.date(2016, 4, 30))
    assert dict(rows) == {(1, 1, 1): 1, (0, 0, 1): 1}


def test_capture_histories_command_writes_the_estimation_csv_shape(documented, tmp_path):
    out = tmp_path / "aleppo.csv"
    call_command("link", "capture-histories", "--place", "SYX02", "--from", "2016-01", "--to", "2016-12", "-o", str(out))
    with open(out, encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["airwars", "snhr", "vdc", "count"]
    # The command runs as the system: the secret record counts.
    assert sorted(table[1:]) == sorted([["0", "0", "1", "2"], ["0", "1", "0", "1"], ["1", "0", "0", "2"],
                                        ["1", "1", "1", "1"]])
    strata = tmp_path / "strata.csv"
    call_command("link", "capture-histories", "--by", "governorate,year", "-o", str(strata))
    with open(strata, encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["place", "year", "airwars", "snhr", "vdc", "count"]
    assert ["SYX07", "2017", "0", "1", "0", "1"] in table and ["SYX07", "2016", "0", "0", "1", "1"] in table
    assert sum(int(row[-1]) for row in table[1:] if row[0] == "SYX02") == 6
