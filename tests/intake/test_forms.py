"""The field incident report XLSForm and its submissions: Kobo JSON, ODK CSV, encrypted ODK."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os

import pytest
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asymmetric
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from django.core.management import call_command
from openpyxl import load_workbook

from sijill.incidents.models import Incident, PerpetrationClaim, Victim
from sijill.intake.models import ImportIssue, ImportRecord, IssueKind
from sijill.intake.odk import CFB, IVSequence, submission_decrypt
from sijill.intake.services import ImportProblem, import_execute, import_prepare
from sijill.intake.xlsform import AR, DATA_DIR, EN, xlsform_write

UUID = "uuid:6b3c1b5e-2f43-4c0e-9d1a-2d0c7d9e0a11"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def submission(instance: str = UUID) -> dict:
    """One submission as a KoboToolbox JSON export gives it (group paths, the repeat as a list)."""
    return {
        "_uuid": instance.removeprefix("uuid:"), "meta/instanceID": instance,
        "incident/title_ar": "قصف سوق دمشق", "incident/title_en": "Shelling of a Damascus market",
        "incident/date": "2024-03-05", "incident/description": "سقطت قذائف على السوق",
        "incident/violation_type": "indiscriminate-attack", "incident/weapon": "artillery",
        "incident/killed": 2, "incident/injured": 5,
        "place/governorate": "SY01", "place/district": "SY0100", "place/community": "C1001",
        "place/location": "33.51 36.29 0 0",
        "victims": [
            {"victims/victim_name_ar": "محمد الأحمد", "victims/victim_name_latin": "Mohammad al-Ahmad",
             "victims/victim_sex": "male", "victims/victim_age": 34, "victims/victim_outcome": "killed"},
            {"victims/victim_name_ar": "سلمى", "victims/victim_sex": "female", "victims/victim_age": 7,
             "victims/victim_outcome": "injured"},
        ],
        "perpetrator/actor": "syrian-government-forces",
        "media/photo": "market.png",
    }


def test_xlsform_has_bilingual_labels_seeded_codes_and_gazetteer_pickers(tmp_path):
    form, communities = xlsform_write(tmp_path / "form.xlsx")
    book = load_workbook(form)
    survey = [r for r in book["survey"].iter_rows(values_only=True)]
    header = survey[0]
    assert AR in header and EN in header
    by_name = {r[1]: dict(zip(header, r, strict=False)) for r in survey[1:]}
    assert by_name["district"]["choice_filter"] == "governorate=${governorate}"
    assert by_name["community"]["type"] == "select_one_from_file communities.csv"
    assert by_name["victims"]["type"] == "begin_repeat"
    choices = {(r[0], r[1]): r for r in book["choices"].iter_rows(values_only=True)}
    assert ("violation_type", "killing") in choices and ("weapon", "barrel-bomb") in choices
    assert choices[("actor", "syrian-government-forces")][2] == "قوات النظام السوري"
    assert choices[("district", "SY0100")][4] == "SY01"
    assert "C1001,Damascus,دمشق,Damascus,SY0100,SY01" in communities.read_text(encoding="utf-8")
    # The shipped copy is what the script makes.
    shipped = load_workbook(DATA_DIR / "sijill_incident.xlsx")
    assert [list(r) for r in shipped["choices"].iter_rows(values_only=True)] == [
        list(r) for r in book["choices"].iter_rows(values_only=True)]
    assert (DATA_DIR / "communities.csv").read_bytes() == communities.read_bytes()


# Warnings of pyxform that the form answers on purpose, each with the reason.
ACCEPTED_WARNINGS = {
    # Evidence: a photo is kept as the camera made it (resolution, EXIF); max-pixels would shrink it.
    "max-pixels",
}


def test_the_shipped_xlsform_converts_to_an_xform_with_pyxform():
    from pyxform.xls2xform import convert

    result = convert(xlsform=str(DATA_DIR / "sijill_incident.xlsx"), validate=False)
    assert [w for w in result.warnings if not any(a in w for a in ACCEPTED_WARNINGS)] == []
    xform = result.xform
    assert 'id="sijill_incident"' in xform and 'version="' in xform
    assert '<translation lang="Arabic (ar)" default="true()">' in xform and '<translation lang="English (en)">' in xform
    assert 'nodeset="/data/victims"' in xform  # the repeat whose rows become victims
    assert 'src="jr://file-csv/communities.csv"' in xform  # the gazetteer picker's attachment
    assert "instance('communities')/root/item[district= /data/place/district ]" in xform


def test_kobo_json_export_creates_incident_act_victims_claim_and_stores_the_photo(
        importer, gazetteer, tmp_path, settings):
    settings.SIJILL_EVIDENCE_ROOT = tmp_path / "vault"
    export = tmp_path / "export"
    (export / "attachments" / UUID.removeprefix("uuid:")).mkdir(parents=True)
    (export / "attachments" / UUID.removeprefix("uuid:") / "market.png").write_bytes(_png())
    path = export / "submissions.json"
    path.write_text(json.dumps({"count": 1, "results": [submission()]}, ensure_ascii=False), encoding="utf-8")
    run = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="xlsform-incident").pk)
    assert (run.created, run.rejected) == (1, 0), list(run.rejections.values_list("reasons", flat=True))
    incident = Incident.objects.get(pk=ImportRecord.objects.get(source_key=UUID).target_id)
    assert (incident.title_en, incident.place.pcode, incident.start_date.isoformat()) == (
        "Shelling of a Damascus market", "C1001", "2024-03-05")
    act = incident.acts.get()
    assert (act.violation_type.code, act.method.code) == ("indiscriminate-attack", "artillery")
    victims = Victim.objects.filter(act=act).select_related("person").order_by("person__age")
    assert [(v.person.sex, v.person.age, v.outcome) for v in victims] == [("female", 7, "injured"),
                                                                           ("male", 34, "killed")]
    assert PerpetrationClaim.objects.get(act=act).actor.slug == "syrian-government-forces"
    assert not ImportIssue.objects.filter(run=run, kind=IssueKind.ATTACHMENT).exists()
    assert incident.evidence_items.get().original_name == "market.png"


def test_odk_csv_export_and_missing_attachment_listed_for_review(importer, gazetteer, write_csv):
    row = {k.replace("/", "-"): v for k, v in submission().items() if k != "victims"}
    row["KEY"] = row.pop("meta-instanceID")
    path = write_csv("odk.csv", list(row), [list(row.values())])
    run = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="xlsform-incident").pk)
    assert run.created == 1
    issue = ImportIssue.objects.get(run=run, kind=IssueKind.ATTACHMENT)
    assert (issue.column, issue.value) == ("media/photo", "market.png")


def _central_export(write_csv, victims_parent: str = UUID):
    """An ODK Central CSV export: the submissions, and the victims repeat in its own file."""
    rows = []
    for instance in (UUID, "uuid:second"):
        row = {k.replace("/", "-"): v for k, v in submission(instance).items()
               if k not in ("victims", "place/location", "media/photo")}
        row.update({"place-location-Latitude": "33.51", "place-location-Longitude": "36.29",
                    "SET-OF-victims": f"{instance}/victims", "KEY": instance})
        rows.append(row)
    path = write_csv("sijill_incident.csv", list(rows[0]), [list(r.values()) for r in rows])
    header = ["victim_name_ar", "victim_name_latin", "victim_sex", "victim_age", "victim_outcome", "PARENT_KEY", "KEY",
              "SET-OF-victims"]
    victims = [[*(v.get(f"victims/{name}", "") for name in header[:5]), victims_parent,
                f"{victims_parent}/victims[{i}]", f"{victims_parent}/victims"]
               for i, v in enumerate(submission()["victims"], start=1)]
    write_csv("sijill_incident-victims.csv", header, victims)
    write_csv("sijill_incident-notes.csv", ["note"], [["not a repeat: no PARENT_KEY"]])
    return path


def test_odk_central_csv_export_joins_the_victims_repeat_file_to_its_submission(importer, gazetteer, write_csv):
    path = _central_export(write_csv)
    run = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="xlsform-incident").pk)
    assert (run.created, run.rejected) == (2, 0), list(run.rejections.values_list("reasons", flat=True))
    assert "victims" in run.columns and "note" not in run.columns
    incident = Incident.objects.get(pk=ImportRecord.objects.get(source_key=UUID).target_id)
    assert (float(incident.latitude), float(incident.longitude)) == (33.51, 36.29)
    victims = Victim.objects.filter(act__incident=incident).select_related("person").order_by("person__age")
    assert [(v.person.name_latin, v.person.sex, v.person.age, v.outcome) for v in victims] == [
        ("", "female", 7, "injured"), ("Mohammad al-Ahmad", "male", 34, "killed")]
    second = ImportRecord.objects.get(source_key="uuid:second").target_id
    assert not Victim.objects.filter(act__incident_id=second).exists()
    again = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="xlsform-incident").pk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_repeat_row_whose_parent_key_names_no_submission_stops_the_import_before_it_starts(
        importer, gazetteer, write_csv):
    path = _central_export(write_csv, victims_parent="uuid:not-exported")
    with pytest.raises(ImportProblem, match=r"sijill_incident-victims.csv, row 2: PARENT_KEY 'uuid:not-exported'"):
        import_prepare(user=importer, path=path, mapping_name="xlsform-incident")
    assert not Incident.objects.exists()


# -- encrypted submissions, made here exactly as ODK Collect makes them


def _encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def _xml(row: dict) -> bytes:
    groups: dict[str, list] = {}
    for name, value in row.items():
        if name == "victims" or name.startswith("_"):
            continue
        group, field = name.split("/")
        groups.setdefault(group, []).append(f"<{field}>{value}</{field}>")
    body = "".join(f"<{g}>{''.join(fields)}</{g}>" for g, fields in groups.items())
    for victim in row["victims"]:
        body += "<victims>" + "".join(f"<{k.split('/')[1]}>{v}</{k.split('/')[1]}>" for k, v in victim.items()) + \
            "</victims>"
    return f'<data id="sijill_incident" version="1">{body}</data>'.encode()


def encrypted_submission(folder, public_key, row: dict, media: dict[str, bytes]) -> None:
    key = os.urandom(32)
    instance = row["meta/instanceID"]
    ivs = IVSequence(instance, key)
    folder.mkdir(parents=True)
    files = []
    for name, data in media.items():
        (folder / f"{name}.enc").write_bytes(_encrypt(key, ivs.next(), data))
        files.append(f"<media><file>{name}.enc</file></media>")
    (folder / "submission.xml.enc").write_bytes(_encrypt(key, ivs.next(), _xml(row)))
    wrapped = public_key.encrypt(key, asymmetric.OAEP(mgf=asymmetric.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(),
                                                       label=None))
    (folder / "submission.xml").write_text(
        '<data xmlns="http://www.opendatakit.org/xforms/encrypted" encrypted="yes" id="sijill_incident" '
        f'version="1"><base64EncryptedKey>{base64.b64encode(wrapped).decode()}</base64EncryptedKey>'
        f'<meta xmlns="http://openrosa.org/xforms"><instanceID>{instance}</instanceID></meta>{"".join(files)}'
        "<encryptedXmlFile>submission.xml.enc</encryptedXmlFile></data>", encoding="utf-8")


@pytest.fixture(scope="module")
def key_pair():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_iv_sequence_increments_one_byte_of_the_md5_seed_per_file():
    seed = bytearray(hashlib.md5(b"uuid:x" + b"k" * 32).digest())  # noqa: S324
    ivs = IVSequence("uuid:x", b"k" * 32)
    first, second = ivs.next(), ivs.next()
    seed[0] = (seed[0] + 1) % 256
    assert first == bytes(seed)
    seed[1] = (seed[1] + 1) % 256
    assert second == bytes(seed)


def test_encrypted_odk_submissions_decrypt_and_import_with_the_private_key(
        importer, gazetteer, tmp_path, key_pair, settings):
    settings.SIJILL_EVIDENCE_ROOT = tmp_path / "vault"
    png = _png()
    rows = [submission(), {**submission("uuid:second"), "incident/title_en": "Second", "media/photo": ""}]
    encrypted_submission(tmp_path / "briefcase" / "one", key_pair.public_key(), rows[0], {"market.png": png})
    encrypted_submission(tmp_path / "briefcase" / "two", key_pair.public_key(), rows[1], {})
    decrypted = submission_decrypt(tmp_path / "briefcase" / "one", key_pair)
    assert decrypted.media == {"market.png": png} and b"<title_en>Shelling" in decrypted.xml

    pem = tmp_path / "form.pem"
    pem.write_bytes(key_pair.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    call_command("import", str(tmp_path / "briefcase"), mapping="xlsform-incident", private_key=str(pem),
                 user="importer", no_progress=True, stdout=io.StringIO())
    records = ImportRecord.objects.filter(source="field-report")
    assert records.count() == 2
    incident = Incident.objects.get(pk=records.get(source_key=UUID).target_id)
    assert Victim.objects.filter(act__incident=incident).count() == 2
    assert incident.evidence_items.get().sha256 == hashlib.sha256(png).hexdigest()

    wrong = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    wrong_pem = tmp_path / "wrong.pem"
    wrong_pem.write_bytes(wrong.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="wrong key"):
        call_command("import", str(tmp_path / "briefcase"), mapping="xlsform-incident", private_key=str(wrong_pem),
                     user="importer", no_progress=True, stdout=io.StringIO())
