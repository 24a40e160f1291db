"""Versioned public dataset releases: a redacted snapshot, its data dictionary and checksums.

`release_create(user=..., directory=DIR)` writes DIR/sijill-public-release-<N>/ with
incidents.csv, incidents.json and incidents.geojson (the published records only, through
`redaction`), data_dictionary.csv and data_dictionary.md (every column in English and Arabic),
README.md and SHA256SUMS (`sha256sum -c SHA256SUMS` checks every file). N is one more than the
last release; the release is recorded in the database and the audit chain.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from sijill.audit.services import audit_record

from . import redaction
from .dictionary import COLUMNS
from .formats import FORMATS, SIJILL_COLUMNS
from .models import DatasetRelease

DATA_FILES = (("incidents.csv", "csv"), ("incidents.json", "json"), ("incidents.geojson", "geojson"))


def _dictionary_csv() -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(["column", "type", "description_en", "description_ar"])
    for column in SIJILL_COLUMNS:
        kind, en, ar = COLUMNS[column]
        writer.writerow([column, kind, en, ar])
    return text.getvalue().encode("utf-8-sig")


def _dictionary_md(number: int) -> bytes:
    lines = [f"# Sijill public dataset, release {number}: data dictionary", "",
             f"# مجموعة بيانات سجل العامة، الإصدار {number}: قاموس البيانات", "",
             "| column | type | description | الوصف |", "|---|---|---|---|"]
    for column in SIJILL_COLUMNS:
        kind, en, ar = COLUMNS[column]
        lines.append(f"| `{column}` | {kind} | {en} | {ar} |".replace("\n", " "))
    lines += ["", "incidents.json and incidents.geojson hold the same records with their acts, victims whose "
              "names are public, perpetrators (actor, degree, confidence) and sources, nested.", "",
              "يحتوي الملفان incidents.json وincidents.geojson على السجلات نفسها مع الأفعال والضحايا المنشورة "
              "أسماؤهم والجهات المنسوب إليها (الجهة ودرجة المشاركة ومستوى الثقة) والمصادر.", ""]
    return "\n".join(lines).encode("utf-8")


def _readme(number: int, count: int, when) -> bytes:
    rules = (redaction.__doc__ or "").strip()
    return (f"# Sijill public dataset, release {number}\n\n# مجموعة بيانات سجل العامة، الإصدار {number}\n\n"
            f"Made {when.isoformat(timespec='seconds')} with {count} published incidents.\n\n"
            "Check the files: `sha256sum -c SHA256SUMS`.\n\n"
            "Every record comes from the private master through Sijill's redaction module:\n\n"
            f"{rules}\n").encode()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _next_number() -> int:
    return (DatasetRelease.objects.aggregate(last=Max("number"))["last"] or 0) + 1


def release_create(*, user, directory: str | Path) -> DatasetRelease:
    """Write the next public dataset release under `directory`; return its record."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for _attempt in range(3):
        number = _next_number()
        target = directory / f"sijill-public-release-{number}"
        if target.exists():
            raise FileExistsError(f"{target} already exists; choose another directory or remove it.")
        staging = directory / f".sijill-public-release-{number}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            when = timezone.now()
            meta = {"release": number, "public": True}
            counts = []
            for name, fmt in DATA_FILES:
                with (staging / name).open("wb") as stream:
                    counts.append(FORMATS[fmt].write(redaction.public_incident_dicts(), stream, bom=True, meta=meta))
            if len(set(counts)) != 1:
                raise RuntimeError(f"The published records changed while release {number} was written; run it again.")
            (staging / "data_dictionary.csv").write_bytes(_dictionary_csv())
            (staging / "data_dictionary.md").write_bytes(_dictionary_md(number))
            (staging / "README.md").write_bytes(_readme(number, counts[0], when))
            files = {p.name: _sha256(p) for p in sorted(staging.iterdir())}
            (staging / "SHA256SUMS").write_text("".join(f"{digest}  {name}\n" for name, digest in files.items()),
                                                encoding="utf-8")
            with transaction.atomic():
                release = DatasetRelease.objects.create(
                    number=number, created_by=user if getattr(user, "pk", None) else None,
                    incident_count=counts[0], directory=str(target), files=files)
                audit_record(user=user, action="release", record_type="dataset_release", record_id=number,
                             changes={"incidents": counts[0], "files": files})
                staging.rename(target)
            return release
        except IntegrityError:
            continue  # another release took this number meanwhile: take the next
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    raise RuntimeError("Could not claim a release number; try again.")
