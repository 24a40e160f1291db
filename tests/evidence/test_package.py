"""Evidence packages verify on their own, with no database and no Sijill, and any change fails them."""

import io
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from sijill.evidence.models import CustodyEvent
from sijill.evidence.package_verify import verify_package
from sijill.evidence.services import evidence_add
from sijill.incidents.services import incident_create

from .conftest import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def package(django_db_setup, django_db_blocker, tmp_path_factory):
    """One package built once for the module (the PDF index takes a moment)."""
    from django.conf import settings

    from sijill.accounts.models import User

    folder = tmp_path_factory.mktemp("pkg")
    old_root, old_keys = settings.SIJILL_EVIDENCE_ROOT, getattr(settings, "SIJILL_KEYS_DIR", None)
    settings.SIJILL_EVIDENCE_ROOT = folder / "vault"
    settings.SIJILL_KEYS_DIR = str(folder / "keys")
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            user = User.objects.create(username="packager", role="analyst", clearance=3)
            incident = incident_create(user=user, title_en="Strike on the market", start_date=date(2016, 3, 1))
            for data, name in ((jpeg_bytes(), "photo.jpg"), (pdf_bytes(), "report.pdf"), (jpeg_bytes(), "same photo.jpg")):
                evidence_add(user=user, stream=io.BytesIO(data), filename=name, incidents=[incident.pk])
            out = folder / "package.zip"
            call_command("evidence", "package", "--incident", str(incident.pk), "-o", str(out), "--user", "packager")
            exported = CustodyEvent.objects.filter(action="exported").count()
            transaction.set_rollback(True)
    settings.SIJILL_EVIDENCE_ROOT, settings.SIJILL_KEYS_DIR = old_root, old_keys
    return out, exported


def _standalone(zip_path, tmp_path):
    """Run the verifier copied out of the package, in isolated mode, from a folder without Sijill."""
    with zipfile.ZipFile(zip_path) as archive:
        (tmp_path / "verify_package.py").write_bytes(archive.read("verify_package.py"))
    return subprocess.run([sys.executable, "-I", "verify_package.py", str(zip_path)], cwd=tmp_path,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})


def test_package_holds_originals_manifest_index_and_verifier(package):
    out, exported = package
    assert exported == 3
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        import json

        manifest = json.loads(archive.read("manifest.json"))
    assert {"manifest.json", "index.html", "index.pdf", "verify_package.py", "SHA256SUMS"} <= set(names)
    assert len([n for n in names if n.startswith("originals/")]) == 2  # the duplicate photo is one file
    assert len(manifest["items"]) == 3
    item = manifest["items"][0]
    assert item["incidents"][0]["title"] == "Strike on the market"
    assert [e["action"] for e in item["custody"]][-1] == "exported"


def test_an_exported_package_verifies_standalone(package, tmp_path):
    done = _standalone(package[0], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Package intact: 3 item(s)" in done.stdout


def test_verify_package_command_needs_no_database(package, capsys):
    call_command("evidence", "verify-package", str(package[0]))
    assert "Package intact" in capsys.readouterr().out


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info, data)


def _names(path):
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_any_change_to_any_file_in_the_package_fails_verification(package, tmp_path):
    out = package[0]
    for name in _names(out):
        changed = tmp_path / f"changed-{len(name)}-{abs(hash(name))}.zip"

        def flip(member, data, name=name):
            if member != name:
                return data
            data = bytearray(data)
            data[len(data) // 2] ^= 0x01
            return bytes(data)

        _rewrite(out, changed, flip)
        count, problems = verify_package(str(changed))
        assert problems, f"a flipped byte in {name} went unnoticed"
        assert _standalone(changed, tmp_path).returncode == 1, name


def test_a_removed_or_added_file_fails_verification(package, tmp_path):
    out = package[0]
    original = next(n for n in _names(out) if n.startswith("originals/"))
    removed = tmp_path / "removed.zip"
    _rewrite(out, removed, lambda member, data: None if member == original else data)
    assert any("missing" in p for p in verify_package(str(removed))[1])
    added = tmp_path / "added.zip"
    _rewrite(out, added, lambda member, data: data)
    with zipfile.ZipFile(added, "a") as archive:
        archive.writestr("originals/extra.jpg", b"planted")
    assert any("added" in p for p in verify_package(str(added))[1])


def test_an_edited_custody_event_fails_even_with_matching_sums(package, tmp_path):
    import hashlib
    import json

    out = package[0]
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        sums = archive.read("SHA256SUMS").decode()
    manifest["items"][0]["custody"][0]["actor"] = "someone else"
    new_manifest = json.dumps(manifest).encode()
    old_digest = next(line.split("  ")[0] for line in sums.splitlines() if line.endswith("  manifest.json"))
    new_sums = sums.replace(old_digest, hashlib.sha256(new_manifest).hexdigest()).encode()
    forged = tmp_path / "forged.zip"
    _rewrite(out, forged, lambda m, d: new_manifest if m == "manifest.json" else new_sums if m == "SHA256SUMS" else d)
    problems = verify_package(str(forged))[1]
    assert any("custody event #1: content was changed" in p for p in problems), problems


def test_verify_package_command_fails_on_a_damaged_package(package, tmp_path, capsys):
    damaged = tmp_path / "damaged.zip"
    _rewrite(package[0], damaged, lambda m, d: d + b"x" if m == "index.html" else d)
    with pytest.raises(CommandError):
        call_command("evidence", "verify-package", str(damaged))
    assert "index.html: SHA-256 differs" in capsys.readouterr().err
