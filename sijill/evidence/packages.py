"""Evidence packages for accountability partners: one ZIP a partner can verify without us.

The ZIP holds the originals, `manifest.json` (hashes, metadata, acquisition, custody log,
timestamp tokens, linked incidents), a readable index (`index.html`, `index.pdf`),
`verify_package.py` (stdlib-only, the same code that hashes custody events and checks
timestamp tokens here), `timestamps/tsa-certificates.pem` (the authorities' certificate chains)
`SHA256SUMS` over every other file, and `SHA256SUMS.sig`, the organisation's Ed25519 signature
of it with the public key in `signature/organisation-key.pem` (see signing.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import textwrap
import uuid
import zipfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.confidentiality import visible_to
from sijill.errors import NotFound

from . import package_verify, signing, timestamps
from .models import CustodyAction, EvidenceItem
from .services import _require, custody_record, event_fields, vault
from .storage import CHUNK

VERIFIER = Path(package_verify.__file__)


class PackageError(Exception):
    """The package could not be written (nothing selected, an original is damaged)."""


def package_items(*, user, incident_id=None, item_ids=None, actor=None) -> list[EvidenceItem]:
    """The visible items for an incident, a list of item ids, or an actor (through its incidents)."""
    from .selectors import evidence_get, evidence_list

    qs = evidence_list(user=user)
    if incident_id is not None:
        from sijill.incidents.selectors import incident_get

        incident_get(user=user, incident_id=incident_id)
        return list(qs.filter(incidents__pk=incident_id).order_by("id"))
    if item_ids:
        return [evidence_get(user=user, item_id=i) for i in item_ids]
    if actor:
        from sijill.actors.models import Actor
        from sijill.incidents.models import PerpetrationClaim

        lookup = {"pk": int(actor)} if str(actor).isdigit() else {"slug": actor}
        found = Actor.objects.filter(deleted_at__isnull=True, **lookup).first()
        if found is None:
            raise NotFound(f"No actor {actor!r}.")
        incidents = PerpetrationClaim.objects.filter(actor__path__startswith=found.path).values("act__incident_id")
        return list(qs.filter(incidents__in=incidents).order_by("id").distinct())
    return []


def _item_entry(item: EvidenceItem, user, file_name: str) -> dict:
    from .selectors import acquisition_source

    acq = getattr(item, "acquisition", None)
    source = acquisition_source(user=user, item=item)
    incidents = visible_to(item.incidents.all(), user).order_by("start_date")
    return {
        "uid": str(item.uid), "id": item.pk, "file": file_name, "sha256": item.sha256, "sha512": item.sha512,
        "size": item.size, "mime_type": item.mime_type, "kind": item.kind, "original_name": item.original_name,
        "title": item.title, "description": item.description, "confidentiality": item.get_confidentiality_display(),
        "summary": item.summary, "metadata": item.metadata,
        "duplicate_of": str(item.duplicate_of.uid) if item.duplicate_of_id else None,
        "derived_from": str(item.derived_from.uid) if item.derived_from_id else None, "derivation": item.derivation,
        "acquisition": {
            "collected_by": acq.collected_by.username if acq and acq.collected_by_id else "",
            "collector": acq.collector if acq else "", "method": acq.get_method_display() if acq else "",
            "collected_at": acq.collected_at.isoformat() if acq and acq.collected_at else None,
            "source": {"id": source.pk, "title": source.title, "url": source.url} if source else None,
            "original_name": acq.original_name if acq else "", "original_url": acq.original_url if acq else "",
        },
        "incidents": [{"id": i.pk, "title": i.title, "start_date": i.start_date.isoformat(), "end_date": i.end_date.isoformat()}
                      for i in incidents],
        "timestamp": {
            "status": item.timestamp_status,
            "time": item.timestamp_time.isoformat() if item.timestamp_time else None,
            "token_der_base64": base64.b64encode(bytes(item.timestamp_token)).decode() if item.timestamp_token else None,
        },
        "custody": [event_fields(e) for e in item.custody.order_by("seq")],
    }


def package_build(*, user, out: Path | str, incident_id=None, item_ids=None, actor=None, pdf: bool = True,
                  channel: str = "cli") -> dict:
    """Write the package to `out`; returns its manifest. Each exported item gets an `exported` event."""
    _require(user, "edit_any")
    items = package_items(user=user, incident_id=incident_id, item_ids=item_ids, actor=actor)
    if not items:
        raise PackageError(_("Nothing to package: no evidence you may see matches."))
    package_id = str(uuid.uuid4())
    out = Path(out)
    for item in items:
        custody_record(item=item, user=user, action=CustodyAction.EXPORTED,
                       details={"package": package_id, "file": out.name, "channel": channel})
    store = vault()
    key = signing.signing_key()
    sums: dict[str, str] = {}
    entries = []
    temp = out.with_name(f".{out.name}.{package_id}.part")
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            written: dict[str, str] = {}
            for item in items:
                name = written.get(item.sha256) or f"originals/{item.sha256}/{item.original_name}"
                if item.sha256 not in written:
                    _copy_original(archive, store, item, name)
                    written[item.sha256] = name
                    sums[name] = item.sha256
                entries.append(_item_entry(item, user, name))
            manifest = {
                "format": "sijill-evidence-package/1", "package": package_id,
                "signature": {"algorithm": "Ed25519", "key_sha256": signing.fingerprint(key),
                              "signs": package_verify.SUMS, "public_key": package_verify.PUBLIC_KEY},
                "created_at": timezone.now().isoformat(), "created_by": user.username,
                "selection": {"incident": incident_id, "items": item_ids, "actor": actor},
                "items": entries,
            }
            blobs = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")}
            html = render_to_string("evidence/package_index.html", {"manifest": manifest, "items": entries})
            blobs["index.html"] = html.encode("utf-8")
            if pdf:
                from weasyprint import HTML

                blobs["index.pdf"] = HTML(string=html).write_pdf()
            blobs["verify_package.py"] = VERIFIER.read_bytes()
            blobs[package_verify.PUBLIC_KEY] = signing.public_key_pem(key)
            if any(item.timestamp_token for item in items):
                blobs[package_verify.TSA_CERTIFICATES] = _tsa_certificates(items)
            for name, data in blobs.items():
                archive.writestr(name, data)
                sums[name] = hashlib.sha256(data).hexdigest()
            listing = "".join(f"{d}  {n}\n" for n, d in sorted(sums.items())).encode("utf-8")
            archive.writestr(package_verify.SUMS, listing)
            archive.writestr(package_verify.SIGNATURE, key.sign(listing))
        temp.replace(out)
    finally:
        temp.unlink(missing_ok=True)
    return manifest


def _tsa_certificates(items: list[EvidenceItem]) -> bytes:
    """PEM of every certificate a partner needs to check the tokens: those the tokens carry and
    the authority's CA chain (SIJILL_TSA_CERTS)."""
    from asn1crypto import cms

    found: list[bytes] = []
    for item in items:
        if item.timestamp_token:
            signed = cms.ContentInfo.load(bytes(item.timestamp_token))["content"]
            found += [c.chosen.dump() for c in signed["certificates"] or [] if c.name == "certificate"]
    found += timestamps.chain_certificates()
    unique = list(dict.fromkeys(found))
    return "".join(
        "-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
        + "\n-----END CERTIFICATE-----\n" for der in unique
    ).encode("ascii")


def _copy_original(archive: zipfile.ZipFile, store, item: EvidenceItem, name: str) -> None:
    digest = hashlib.sha256()
    info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED  # media is compressed already; stored keeps it fast
    with store.open(item.sha256) as source, archive.open(info, "w", force_zip64=item.size > 2**31) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != item.sha256:
        raise PackageError(_("The stored original of evidence #%(id)d is damaged; run `sijill evidence verify`.") % {"id": item.pk})
