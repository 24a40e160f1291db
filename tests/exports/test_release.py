"""`sijill release`: numbered, redacted, documented and checksummed public dataset releases."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest
from django.core.management import call_command

from sijill.exports.dictionary import COLUMNS
from sijill.exports.formats import SIJILL_COLUMNS
from sijill.exports.models import DatasetRelease

pytestmark = pytest.mark.django_db


def test_release_writes_a_redacted_snapshot_dictionary_and_checksums_and_numbers_increase(world, tmp_path):
    call_command("release", output=str(tmp_path), user=world["editor"].username)
    call_command("release", output=str(tmp_path))
    assert list(DatasetRelease.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    first = tmp_path / "sijill-public-release-1"
    assert sorted(p.name for p in first.iterdir()) == [
        "README.md", "SHA256SUMS", "data_dictionary.csv", "data_dictionary.md", "incidents.csv",
        "incidents.geojson", "incidents.json"]
    assert (tmp_path / "sijill-public-release-2" / "SHA256SUMS").exists()
    assert not list(tmp_path.glob(".*partial"))

    with open(first / "incidents.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == [world["public"].pk]
    assert rows[0]["latitude"] == "" and rows[0]["place_latitude"] == "36.34734"
    assert rows[0]["killed_children_min"] == "<5" and rows[0]["killed_total_min"] == "12"
    data = json.loads((first / "incidents.json").read_text(encoding="utf-8"))
    assert data["public"] is True and data["release"] == 1 and data["count"] == 1
    everything = "".join(p.read_text(encoding="utf-8-sig") for p in first.iterdir())
    for hidden in ("Detention campaign", "Restricted case", "ليلى الحسين", "a resident of Tadaf", "36.3411111"):
        assert hidden not in everything

    with open(first / "data_dictionary.csv", encoding="utf-8-sig", newline="") as handle:
        documented = list(csv.DictReader(handle))
    assert [d["column"] for d in documented] == SIJILL_COLUMNS
    assert all(d["description_en"] and d["description_ar"] and d["type"] for d in documented)
    assert set(COLUMNS) == set(SIJILL_COLUMNS)

    sums = (first / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == 6 and all(len(line.split("  ")[0]) == 64 for line in sums)
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=first, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    release = DatasetRelease.objects.get(number=1)
    assert release.incident_count == 1 and release.created_by == world["editor"]
    assert set(release.files) == {line.split("  ")[1] for line in sums}


def test_a_tampered_release_file_fails_its_checksum(world, tmp_path):
    if not shutil.which("sha256sum"):
        pytest.skip("sha256sum (coreutils) is not installed")
    call_command("release", output=str(tmp_path))
    folder = tmp_path / "sijill-public-release-1"
    with open(folder / "incidents.csv", "a", encoding="utf-8") as handle:
        handle.write("999,forged\n")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode != 0 and "incidents.csv: FAILED" in check.stdout
