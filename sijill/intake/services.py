"""Importing files: validated, idempotent, batch-atomic and resumable.

`import_prepare` inspects a file and opens (or resumes) an `ImportRun`; `import_execute` reads
the file in batches. Each batch is validated row by row with the same cleaning functions the
incident and person services use, then written in ONE transaction: the records (bulk), their
parts (acts, claims, victim links), their `ImportRecord` provenance, the rows rejected with their
reasons, the values left for review, version snapshots, one audit event summarising the batch,
and the run's progress (`last_row`). A crash, kill or Ctrl-C loses at most the batch being
written, never half of it; importing the same file again resumes after the last committed batch.

Why not call `person_create` per row: each call writes its own version and audit event and runs
a dozen queries, a few hundred rows a second. The bulk path keeps the same validation and search
text, writes versions in bulk and one chained audit event per batch that lists every record id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.models import Version
from sijill.audit.services import audit_record
from sijill.confidentiality import Confidentiality, clearance_of
from sijill.errors import PermissionDenied

from . import readers
from .mappings import (
    BUILTIN,
    RETIRED,
    MappedRow,
    Mapping,
    MappingError,
    SpecMapping,
    retired_message,
)
from .models import (
    RESUMABLE,
    ImportIssue,
    ImportRecord,
    ImportRejection,
    ImportRun,
    IssueKind,
    OnError,
    RunStatus,
    Target,
)
from .models import Mapping as SavedMapping
from .resolution import Resolver

IMPORT_DIR_NAME = "imports"
ROW_COLUMN = "sijill_row"
REASON_COLUMN = "sijill_errors"


class ImportProblem(Exception):
    """An import cannot start or go on: unreadable file, unknown mapping, no permission."""


def import_dir() -> Path:
    path = Path(settings.SIJILL_HOME) / IMPORT_DIR_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- mappings


def mapping_get(name: str) -> Mapping:
    """The built-in or saved mapping with this name."""
    if name in BUILTIN:
        return BUILTIN[name]
    if name in RETIRED:
        raise ImportProblem(retired_message(name))
    saved = SavedMapping.objects.filter(name=name).first()
    if saved is None:
        known = ", ".join([*BUILTIN, *SavedMapping.objects.values_list("name", flat=True)])
        raise ImportProblem(_("Unknown mapping %(name)r. Known mappings: %(known)s.") % {"name": name, "known": known})
    try:
        return SpecMapping(name=saved.name, target=saved.target, source_name=saved.source_name, spec=saved.spec)
    except MappingError as exc:
        raise ImportProblem(str(exc)) from exc


@transaction.atomic
def mapping_save(*, user, name: str, target: str, source_name: str, spec: dict) -> SavedMapping:
    """Save (or replace) a reusable column mapping made in the wizard."""
    if user is None or not user.may("create"):
        raise PermissionDenied(_("Your role does not allow you to import records."))
    if name in BUILTIN or name in RETIRED:
        raise ValidationError({"name": _("%(name)s is a built-in mapping; choose another name.") % {"name": name}})
    if target not in Target.values:
        raise ValidationError({"target": _("Unknown record type %(value)r.") % {"value": target}})
    try:
        SpecMapping(name=name, target=target, source_name=source_name, spec=spec)
    except MappingError as exc:
        raise ValidationError({"spec": str(exc)}) from exc
    saved, _created = SavedMapping.objects.update_or_create(
        name=name, defaults={"target": target, "source_name": source_name, "spec": spec, "created_by": user}
    )
    audit_record(user=user, action="save", record_type="import_mapping", record_id=saved.pk,
                 changes={"name": name, "target": target, "source": source_name, "spec": spec})
    return saved


# ---------------------------------------------------------------- starting a run


def _check_run_choices(*, user, confidentiality: int, on_error: str) -> None:
    """The choices of a run that the importer may make: a known level within their clearance."""
    if confidentiality not in Confidentiality.values:
        raise ImportProblem(_("Unknown confidentiality level %(value)r.") % {"value": confidentiality})
    if confidentiality > clearance_of(user):
        raise ImportProblem(_("You cannot import records above your own clearance."))
    if on_error not in OnError.values:
        raise ImportProblem(_("on-error must be stop or skip."))


def import_prepare(*, user, path: str | Path, mapping_name: str, file_name: str | None = None,
                   dry_run: bool = False, on_error: str = OnError.SKIP,
                   confidentiality: int = Confidentiality.INTERNAL, batch_size: int = 2000,
                   resume: bool = True) -> ImportRun:
    """Inspect the file and open a run for it, or the unfinished run of the same file to resume."""
    if user is None or not user.may("create"):
        raise PermissionDenied(_("Your role does not allow you to import records."))
    _check_run_choices(user=user, confidentiality=confidentiality, on_error=on_error)
    mapping = mapping_get(mapping_name)
    try:
        info = readers.inspect_file(path)
        mapping.check_columns(info.columns)
    except (readers.FileProblem, MappingError, OSError, UnicodeError) as exc:
        raise ImportProblem(str(exc)) from exc
    if resume and not dry_run:
        previous = (
            ImportRun.objects.filter(file_sha256=info.sha256, mapping_name=mapping_name, dry_run=False,
                                     confidentiality=confidentiality, status__in=RESUMABLE)
            .order_by("-id").first()
        )
        if previous is not None:
            previous.on_error = on_error
            previous.cancel_requested = False
            previous.status = RunStatus.QUEUED
            previous.save(update_fields=["on_error", "cancel_requested", "status"])
            return previous
    return ImportRun.objects.create(
        user=user, file_name=file_name or Path(path).name, file_path=str(Path(path).resolve()),
        file_sha256=info.sha256, file_format=info.format, encoding=info.encoding, delimiter=info.delimiter,
        columns=info.columns, rows_total=info.rows, mapping_name=mapping_name, dry_run=dry_run,
        on_error=on_error, confidentiality=confidentiality, batch_size=batch_size, status=RunStatus.QUEUED,
    )


def import_cancel(*, user, run_id: int) -> None:
    """Ask a running import to stop after the batch it is writing."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or (run.user_id != user.pk and not user.may("edit_any")):
        raise PermissionDenied(_("You may cancel only your own imports."))
    ImportRun.objects.filter(pk=run_id).update(cancel_requested=True)


# ---------------------------------------------------------------- running


@dataclass
class Prepared:
    number: int
    values: dict
    mapped: MappedRow
    digest: str
    existing: ImportRecord | None = None
    clean: dict = field(default_factory=dict)
    place: object = None
    actors: list = field(default_factory=list)
    act: dict = field(default_factory=dict)
    victims: list = field(default_factory=list)
    victim_act: int | None = None


# json.dumps with options builds a new encoder per call; one encoder gives the same text faster.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(mapped: MappedRow) -> str:
    return hashlib.sha256(_CANONICAL.encode(mapped.content()).encode("utf-8")).hexdigest()


def _known_records(source: str, target: str, keys: list[str]) -> dict[str, tuple[int, str]]:
    """{source key: (record id, content hash)} of the keys already imported from `source`.

    One query with the keys as plain parameters: the ORM's `__in` prepares each of thousands
    of keys through its lookup machinery, a measurable part of a batch.
    """
    from django.db import connection

    found: dict[str, tuple[int, str]] = {}
    table = connection.ops.quote_name(ImportRecord._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT source_key, id, content_hash FROM {table} "  # noqa: S608 - table name from the model
                f"WHERE source = %s AND target_type = %s AND source_key IN ({marks})", [source, target, *chunk])
            for key, pk, digest in cursor.fetchall():
                found[key] = (pk, digest)
    return found


def _existing_records(source: str, target: str, prepared: list) -> tuple[dict[str, ImportRecord], set[str]]:
    """For the prepared rows of a batch: the provenance records of those imported before whose
    content has changed since, by source key, and the keys of those unchanged (nothing to do)."""
    known = _known_records(source, target, [p.mapped.key for p in prepared])
    changed, unchanged = [], set()
    for p in prepared:
        pk_digest = known.get(p.mapped.key)
        if pk_digest is None:
            continue
        if pk_digest[1] == p.digest:
            unchanged.add(p.mapped.key)
        else:
            changed.append(pk_digest[0])
    existing = {r.source_key: r for r in ImportRecord.objects.filter(pk__in=changed)} if changed else {}
    return existing, unchanged


class _Stop(Exception):
    pass


def import_execute(*, run_id: int, progress: Callable[[int], None] | None = None) -> ImportRun:
    """Import (or dry-run) the run's file from after its last committed batch to the end.

    `progress(n)` is called after each batch with the number of rows it covered. Ctrl-C marks
    the run interrupted and re-raises; the batch being written is rolled back whole.
    """
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    if run.finished and run.status != RunStatus.STOPPED:
        return run
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=run.started_at or timezone.now())
    run.status = RunStatus.RUNNING
    try:
        _Importer(run, progress).execute()
    except KeyboardInterrupt:
        ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.INTERRUPTED)
        raise
    except (readers.FileProblem, MappingError, ImportProblem, OSError, UnicodeError) as exc:
        ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message=str(exc), finished_at=timezone.now())
    run.refresh_from_db()
    if run.rejected and not run.dry_run or run.dry_run and run.rejected:
        rejects_write(run)
    return run


class _Importer:
    def __init__(self, run: ImportRun, progress):
        self.run = run
        self.user = run.user
        self.progress = progress
        self.mapping = mapping_get(run.mapping_name)
        self.target = self.mapping.target
        self.source = self.mapping.source_name
        self.resolver = Resolver()
        self.seen: dict[str, int] = {}
        self.info = readers.FileInfo(path=run.file_path, format=run.file_format, sha256=run.file_sha256, size=0,
                                     encoding=run.encoding, delimiter=run.delimiter)
        self.columns = list(run.columns)

    # -- the loop

    def execute(self) -> None:
        run = self.run
        if ImportRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
            # Cancelled while it waited in the queue.
            ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED, finished_at=timezone.now())
            return
        rows = readers.read_rows(self.info, start_after=run.last_row)
        try:
            self.mapping.check_columns(next(rows))
        except StopIteration:
            pass
        batch: list = []
        try:
            for item in rows:
                batch.append(item)
                if len(batch) >= run.batch_size:
                    self.commit(batch)
                    batch = []
                    if ImportRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
                        ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED, finished_at=timezone.now())
                        return
            if batch:
                self.commit(batch)
        except _Stop:
            ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.STOPPED, finished_at=timezone.now())
            return
        ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now())

    # -- one batch

    def commit(self, batch: list) -> None:
        run = self.run
        self.rejects: list[ImportRejection] = []
        self.issues: dict[tuple, list] = {}
        prepared = self.prepare(batch)
        existing, same = _existing_records(self.source, self.target, prepared)
        changed: list[Prepared] = []
        unchanged = 0
        for p in prepared:
            if p.mapped.key in same:
                unchanged += 1
                continue
            p.existing = existing.get(p.mapped.key)
            if self.validate(p):
                changed.append(p)
        last_row = batch[-1][0]
        stopped = False
        if run.on_error == OnError.STOP and not run.dry_run and self.rejects:
            first_bad = min(r.row_number for r in self.rejects)
            changed = [p for p in changed if p.number < first_bad]
            self.rejects = [r for r in self.rejects if r.row_number == first_bad]
            last_row, stopped = first_bad - 1, True
        with transaction.atomic():
            created, updated = ([], []) if run.dry_run else self.write(changed)
            if not run.dry_run:
                self.store_attachments(created)
            if run.dry_run:
                created = [p for p in changed if p.existing is None]
                updated = [p for p in changed if p.existing is not None]
            for r in self.rejects:
                r.run = run
            ImportRejection.objects.bulk_create(self.rejects)
            self.save_issues()
            summary = {
                "file": run.file_name, "file_sha256": run.file_sha256, "mapping": run.mapping_name,
                "rows": [batch[0][0], last_row], "created": len(created), "updated": len(updated),
                "unchanged": unchanged, "rejected": len(self.rejects),
            }
            if not run.dry_run:
                summary[f"created_{self.target}_ids"] = sorted(p.clean["id"] for p in created)
                summary[f"updated_{self.target}_ids"] = sorted(p.clean["id"] for p in updated)
                audit_record(user=self.user, action="import_batch", record_type="import_run", record_id=run.pk,
                             changes=summary)
            ImportRun.objects.filter(pk=run.pk).update(
                last_row=last_row, rows_read=F("rows_read") + len([b for b in batch if b[0] <= last_row]),
                batches=F("batches") + 1, created=F("created") + len(created),
                updated=F("updated") + len(updated), unchanged=F("unchanged") + unchanged,
                rejected=F("rejected") + len(self.rejects),
            )
        if self.progress:
            self.progress(len(batch))
        if stopped:
            raise _Stop

    def reject(self, number: int, values: dict | None, reasons: list[dict]) -> None:
        self.rejects.append(ImportRejection(row_number=number, values=values or {}, reasons=reasons))

    def issue(self, kind: str, column: str, value: str, number: int, candidates=()) -> None:
        key = (kind, column[:200], str(value)[:500])
        entry = self.issues.get(key)
        if entry is None:
            self.issues[key] = [1, number, list(candidates)]
        else:
            entry[0] += 1

    def save_issues(self) -> None:
        if not self.issues:
            return
        found = {
            (i.kind, i.column, i.value): i
            for i in ImportIssue.objects.filter(run=self.run, value__in=[k[2] for k in self.issues])
        }
        new = []
        for key, (count, first_row, candidates) in self.issues.items():
            if key in found:
                ImportIssue.objects.filter(pk=found[key].pk).update(count=F("count") + count)
            else:
                new.append(ImportIssue(run=self.run, kind=key[0], column=key[1], value=key[2], count=count,
                                       first_row=first_row, candidates=candidates))
        ImportIssue.objects.bulk_create(new)

    # -- reading and validating

    def prepare(self, batch: list) -> list[Prepared]:
        out = []
        for number, values, problem in batch:
            if problem:
                self.reject(number, values, [{"column": "", "value": "", "message": problem}])
                continue
            try:
                mapped = self.mapping.map(values)
            except Exception as exc:  # a mapping bug must cost one row, never the import
                self.reject(number, values, [{"column": "", "value": "", "message": _("The row could not be read: %(error)s") % {"error": exc}}])
                continue
            if mapped.errors:
                self.reject(number, values, [{"column": col, "value": values.get(col, ""), "message": msg}
                                             for col, msg in mapped.errors.items()])
                continue
            if not mapped.key:
                self.reject(number, values, [{"column": "", "value": "", "message": _("The row has no source id (key).")}])
                continue
            if mapped.key in self.seen:
                self.reject(number, values, [{"column": "", "value": mapped.key, "message": _("The source id %(key)s appears again: first at row %(row)d; an id must be unique in a file.") % {"key": mapped.key, "row": self.seen[mapped.key]}}])
                continue
            self.seen[mapped.key] = number
            out.append(Prepared(number=number, values=values, mapped=mapped, digest=_digest(mapped)))
        return out

    def _errors(self, p: Prepared, exc: ValidationError) -> None:
        reasons = []
        for name, messages in exc.message_dict.items():
            column = p.mapped.columns.get(name, name)
            for message in messages:
                reasons.append({"column": column, "value": p.values.get(column, ""), "message": message})
        self.reject(p.number, p.values, reasons)

    def validate(self, p: Prepared) -> bool:
        """Resolve and clean one changed row; on any error reject it with every reason."""
        from sijill.incidents.models import Incident
        from sijill.incidents.services import INCIDENT_FIELDS, _clean_incident_fields
        from sijill.people.services import _clean as person_clean

        mapped = p.mapped
        if p.existing is not None and p.existing.target_id:
            level = self.resolver.confidentiality_of(self.target, p.existing.target_id)
            if level is not None and level > clearance_of(self.user):
                self.reject(p.number, p.values, [{"column": "", "value": mapped.key, "message": _("The record from this row is above your clearance; it was not changed.")}])
                return False
        place, precision = self.resolve_place(p)
        try:
            if self.target == Target.PERSON:
                if mapped.link is not None:
                    p.victim_act = self.resolve_link(p)
                died_at = self.resolve_death_place(p)
                if died_at is None and p.victim_act and mapped.outcome == "killed":
                    # Killed in the incident the row names (Airwars victims): where it happened.
                    died_at = self.resolver.act_place(p.victim_act)
                fields = {**mapped.fields, "confidentiality": self.run.confidentiality, "origin": place,
                          "death_place": died_at}
                p.clean = person_clean(fields)
            else:
                fields = dict(mapped.fields)
                fields.setdefault("status", "received")
                fields["confidentiality"] = self.run.confidentiality
                for name, kind in (("grading", "grading"), ("status", "verification_status")):
                    fields[name] = self.resolver.term(kind, fields.get(name))
                fields["place"] = place
                if precision:
                    fields["place_precision"] = precision
                p.clean = _clean_incident_fields(fields)
                # Lengths and choices, as the service's full_clean checks them; the related
                # records (place, terms) are already resolved objects.
                Incident(**{k: v for k, v in p.clean.items() if k in INCIDENT_FIELDS}).full_clean(
                    exclude=["search_text", "place_path", "place", "grading", "status"], validate_constraints=False)
                errors = {}
                act = {}
                for name, kind in (("violation_type", "violation_type"), ("method", "weapon")):
                    code = mapped.act.get(name)
                    try:
                        act[name] = self.resolver.term(kind, code, field=name)
                    except ValidationError as exc:
                        errors.update(exc.message_dict)
                if act.get("violation_type") is None and "violation_type" not in errors:
                    # The act written for the incident needs its type: say which field is missing.
                    errors["violation_type"] = [_("The field violation_type (the type of violation) is missing or "
                                                  "empty; every incident needs one.")]
                p.act = act
                if errors:
                    raise ValidationError(errors)
                p.actors = self.resolve_actors(p)
                p.victims = self.clean_victims(p, person_clean)
        except ValidationError as exc:
            self._errors(p, exc)
            return False
        return True

    def resolve_place(self, p: Prepared):
        mapped = p.mapped
        within = None
        if mapped.governorate:
            column, name = mapped.governorate
            found = self.resolver.governorate(name)
            if found.place is None:
                self.issue(IssueKind.PLACE_UNRESOLVED, column, name, p.number, found.candidates)
            else:
                within = found.place
                if found.variant:
                    self.issue(IssueKind.PLACE_VARIANT, column, name, p.number, [str(within.pcode)])
        misses = []
        for column, name in mapped.places:
            found = self.resolver.place(name, within.pcode if within else None)
            if found.place is not None:
                return found.place, None
            if within is not None:
                # Sources often name the city for its countryside ("Douma, Damascus"): a unique
                # exact match elsewhere is taken, and listed for review.
                elsewhere = self.resolver.place(name, None)
                if elsewhere.place is not None and elsewhere.place.level >= 2:
                    self.issue(IssueKind.PLACE_OUTSIDE, column, name, p.number,
                               [f"{elsewhere.place.pcode} not in {within.pcode}"])
                    return elsewhere.place, None
            misses.append((column, name, found.candidates))
        for column, name, candidates in misses:
            self.issue(IssueKind.PLACE_UNRESOLVED, column, name, p.number, candidates)
        if within is not None:
            # The place itself is unknown but its governorate is: record that, at that precision.
            return within, "governorate" if mapped.places or self.target == Target.INCIDENT else None
        return None, None

    def resolve_death_place(self, p: Prepared):
        """Where the person died, when the gazetteer knows the name (within the governorate the
        source gives, if any); otherwise nothing, and the name is listed for review."""
        if p.mapped.death_place is None:
            return None
        column, name, governorate = p.mapped.death_place
        within = None
        if governorate:
            found = self.resolver.governorate(governorate)
            if found.place is None:
                self.issue(IssueKind.PLACE_UNRESOLVED, column, f"{governorate}: {name}", p.number, found.candidates)
                return None
            within = found.place
        found = self.resolver.place(name, within.pcode if within else None)
        if found.place is None and within is None:
            found_governorate = self.resolver.governorate(name)
            if found_governorate.place is not None and not found_governorate.variant:
                return found_governorate.place
        if found.place is None:
            self.issue(IssueKind.PLACE_UNRESOLVED, column, f"{governorate}: {name}" if governorate else name,
                       p.number, found.candidates)
        return found.place

    def resolve_actors(self, p: Prepared) -> list[int]:
        ids = []
        for column, name in p.mapped.actors:
            found = self.resolver.actor(name)
            if found.actor_id is None:
                self.issue(IssueKind.ACTOR_UNRESOLVED, column, name, p.number, found.candidates)
            elif found.actor_id not in ids:
                ids.append(found.actor_id)
        return ids

    def resolve_link(self, p: Prepared) -> int | None:
        column, ref = p.mapped.link
        acts = self.resolver.incident_act(self.source, ref)
        if len(acts) == 1:
            return acts[0]
        message = "" if not acts else _("%(n)d incidents have this id") % {"n": len(acts)}
        self.issue(IssueKind.LINK_UNRESOLVED, column, ref, p.number, [message] if message else [])
        return None

    def clean_victims(self, p: Prepared, person_clean) -> list[dict]:
        from sijill.incidents.models import Outcome

        out = []
        for i, victim in enumerate(p.mapped.victims, start=1):
            outcome = victim.get("outcome", "killed")
            if outcome not in Outcome.values:
                raise ValidationError({"victims": _("Victim %(i)d: unknown outcome %(value)r.") % {"i": i, "value": outcome}})
            fields = {k: v for k, v in victim.items() if k != "outcome"}
            try:
                clean = person_clean({**fields, "confidentiality": self.run.confidentiality})
            except ValidationError as exc:
                raise ValidationError({"victims": [_("Victim %(i)d: %(error)s") % {"i": i, "error": "; ".join(m for ms in exc.message_dict.values() for m in ms)}]}) from exc
            out.append({"clean": clean, "outcome": outcome})
        return out

    # -- attachments of form submissions

    def attachment_path(self, p: Prepared, name: str) -> Path | None:
        """The file a submission names, found beside the export (Kobo and ODK Central zips, Briefcase)."""
        if not hasattr(self, "_files"):
            import os

            self._files: dict[str, list[Path]] = {}
            root = Path(self.run.file_path).parent
            if root.name != "uploads":
                for folder, _dirs, files in os.walk(root):
                    if len(Path(folder).relative_to(root).parts) > 4:
                        continue
                    for file in files:
                        self._files.setdefault(file, []).append(Path(folder) / file)
        found = self._files.get(Path(name).name, [])
        instance = p.mapped.key.removeprefix("uuid:")
        for path in found:
            if instance and instance in str(path):
                return path
        return found[0] if len(found) == 1 else None

    def store_attachments(self, created: list[Prepared]) -> None:
        """Media named by new submissions go to the evidence vault, linked to their incident.

        When the vault is not installed or a file is missing or refused, the attachment is listed
        for review ("attachment not stored"), never dropped silently.
        """
        items = [(p, column, name) for p in created for column, name in p.mapped.attachments]
        if not items:
            return
        try:
            from sijill.evidence.models import Method
            from sijill.evidence.services import evidence_add
        except ImportError:
            evidence_add = None
        for p, column, name in items:
            path = self.attachment_path(p, name)
            if evidence_add is None or path is None:
                reason = _("the evidence vault is not available") if evidence_add is None else _(
                    "the file was not found beside the export")
                self.issue(IssueKind.ATTACHMENT, column, name, p.number, [reason])
                continue
            try:
                with open(path, "rb") as stream:
                    evidence_add(user=self.user, stream=stream, filename=Path(name).name, incidents=[p.clean["id"]],
                                 method=Method.DEVICE, notes=f"{self.source} submission {p.mapped.key}",
                                 confidentiality=self.run.confidentiality, channel="import")
            except (ValidationError, PermissionDenied, OSError) as exc:
                self.issue(IssueKind.ATTACHMENT, column, name, p.number,
                           [getattr(exc, "messages", None) and "; ".join(exc.messages) or str(exc)])

    # -- writing

    def write(self, changed: list[Prepared]) -> tuple[list[Prepared], list[Prepared]]:
        from .writers import write_incidents, write_persons

        if not changed:
            return [], []
        writer = write_persons if self.target == Target.PERSON else write_incidents
        return writer(self, changed)

    def provenance(self, created: list[Prepared], updated: list[Prepared]) -> None:
        run = self.run
        ImportRecord.objects.bulk_create([
            ImportRecord(source=self.source, source_key=p.mapped.key, alt_key=p.mapped.alt_key[:300],
                         target_type=self.target, target_id=p.clean["id"], first_run=run, run=run,
                         row_number=p.number, content_hash=p.digest, parts=p.clean.get("parts", {}))
            for p in created
        ])
        for p in updated:
            p.existing.run = run
            p.existing.row_number = p.number
            p.existing.content_hash = p.digest
            p.existing.alt_key = p.mapped.alt_key[:300]
            p.existing.parts = p.clean.get("parts", p.existing.parts)
        ImportRecord.objects.bulk_update([p.existing for p in updated],
                                         ["run", "row_number", "content_hash", "alt_key", "parts"])

    def versions(self, record_type: str, snapshots: dict[int, dict], created_ids: set[int]) -> None:
        """Version snapshots in bulk: number 1 for new records, the next number for updated ones."""
        from sijill.audit.services import _canonical

        updated_ids = [str(i) for i in snapshots if i not in created_ids]
        last = dict(
            Version.objects.filter(record_type=record_type, record_id__in=updated_ids)
            .values("record_id").annotate(n=Max("number")).values_list("record_id", "n")
        ) if updated_ids else {}
        user = self.user
        Version.objects.bulk_create([
            Version(record_type=record_type, record_id=str(pk), number=(last.get(str(pk)) or 0) + 1, user=user,
                    data=json.loads(_canonical(data)))
            for pk, data in snapshots.items()
        ])


# ---------------------------------------------------------------- rejected rows


def rejects_write(run: ImportRun) -> Path:
    """Write the run's rejected rows to a CSV in the file's columns plus row number and reasons."""
    path = import_dir() / f"run-{run.pk}-rejected.csv"
    columns = [*run.columns, ROW_COLUMN, REASON_COLUMN]
    rows = []
    for rejection in run.rejections.order_by("row_number").iterator(chunk_size=2000):
        row = dict(rejection.values)
        row[ROW_COLUMN] = rejection.row_number
        row[REASON_COLUMN] = " | ".join(reason_text(rejection.row_number, r) for r in rejection.reasons)
        rows.append(row)
    readers.write_rows(path, columns, rows)
    ImportRun.objects.filter(pk=run.pk).update(rejects_path=str(path))
    run.rejects_path = str(path)
    return path


def reason_text(row: int, reason: dict) -> str:
    """"row 12, column 'longitude', value '4239.0': Must be between -180 and 180."."""
    if reason.get("column"):
        return _("row %(row)d, column %(column)r, value %(value)r: %(message)s") % {
            "row": row, "column": reason["column"], "value": reason.get("value", ""), "message": reason["message"]}
    return _("row %(row)d: %(message)s") % {"row": row, "message": reason["message"]}


# ---------------------------------------------------------------- the web wizard


def import_upload(*, user, upload, file_name: str) -> ImportRun:
    """Store an uploaded file under SIJILL_HOME/imports/uploads and open a draft run describing it.

    `upload` is an iterable of byte chunks (Django's `UploadedFile.chunks()`). The draft holds
    what the wizard shows (encoding, delimiter, columns, rows) until a mapping is chosen.
    """
    import uuid

    if user is None or not user.may("create"):
        raise PermissionDenied(_("Your role does not allow you to import records."))
    name = Path(file_name or "upload").name[:200]
    try:
        readers.file_format(name)
    except readers.FileProblem as exc:
        raise ImportProblem(str(exc)) from exc
    folder = import_dir() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with open(path, "wb") as handle:
        for chunk in upload:
            handle.write(chunk)
    try:
        info = readers.inspect_file(path)
    except (readers.FileProblem, OSError, UnicodeError) as exc:
        path.unlink(missing_ok=True)
        raise ImportProblem(str(exc)) from exc
    return ImportRun.objects.create(
        user=user, file_name=name, file_path=str(path), file_sha256=info.sha256, file_format=info.format,
        encoding=info.encoding, delimiter=info.delimiter, columns=info.columns, rows_total=info.rows,
        status=RunStatus.DRAFT, confidentiality=min(Confidentiality.INTERNAL, clearance_of(user)),
    )


def import_configure(*, user, run: ImportRun, mapping_name: str, confidentiality: int, on_error: str) -> ImportRun:
    """Choose the mapping, confidentiality and error policy of a draft run; checked as a run would be."""
    if run.status != RunStatus.DRAFT:
        raise ImportProblem(_("This import has already started."))
    if run.user_id != user.pk and not user.may("edit_any"):
        raise PermissionDenied(_("You may change only your own imports."))
    _check_run_choices(user=user, confidentiality=confidentiality, on_error=on_error)
    try:
        mapping_get(mapping_name).check_columns(run.columns)
    except MappingError as exc:
        raise ImportProblem(str(exc)) from exc
    run.mapping_name, run.confidentiality, run.on_error = mapping_name, confidentiality, on_error
    run.save(update_fields=["mapping_name", "confidentiality", "on_error"])
    return run


@dataclass
class PreviewRow:
    number: int
    fields: list  # [(field, value as stored)]
    problems: list  # [{"column", "value", "message"}]
    status: str  # "new", "update", "unchanged", "rejected"


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return ""
    for attribute in ("code", "pcode"):
        if hasattr(value, attribute):
            return str(getattr(value, attribute))
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def import_preview(*, run: ImportRun, limit: int = 10) -> tuple[list[PreviewRow], list[tuple]]:
    """The first rows of a configured draft as they would be stored, with each row's problems.

    Nothing is written: rows go through the same mapping, resolution and validation as an import.
    Returns the rows and the values left for review [(kind label, column, value, candidates)].
    """
    import itertools

    if not run.mapping_name:
        raise ImportProblem(_("Choose a mapping first."))
    imp = _Importer(run, None)
    imp.rejects, imp.issues = [], {}
    rows = readers.read_rows(imp.info)
    try:
        next(rows)
    except StopIteration:
        return [], []
    try:
        batch = list(itertools.islice(rows, limit))
    except (readers.FileProblem, OSError, UnicodeError) as exc:
        raise ImportProblem(str(exc)) from exc
    prepared = imp.prepare(batch)
    existing, same = _existing_records(imp.source, imp.target, prepared)
    out: dict[int, PreviewRow] = {}
    for p in prepared:
        if p.mapped.key in same:
            out[p.number] = PreviewRow(p.number, [], [], "unchanged")
            continue
        p.existing = existing.get(p.mapped.key)
        if imp.validate(p):
            shown = [(name, _shown(value)) for name, value in p.clean.items()
                     if name not in ("confidentiality", "parts") and _shown(value)]
            if p.actors:
                shown.append(("actors", ", ".join(imp.resolver.actor_info(a)[0] for a in p.actors)))
            for name, term in p.act.items():
                if term is not None:
                    shown.append((name, _shown(term)))
            for i, victim in enumerate(p.victims, start=1):
                clean = victim["clean"]
                shown.append((f"victim {i}", " / ".join(
                    str(v) for v in (clean.get("name_ar"), clean.get("name_latin"), victim["outcome"]) if v)))
            out[p.number] = PreviewRow(p.number, shown, [], "update" if p.existing else "new")
    for rejection in imp.rejects:
        out[rejection.row_number] = PreviewRow(rejection.row_number, [], rejection.reasons, "rejected")
    labels = dict(IssueKind.choices)
    issues = [(labels.get(kind, kind), column, value, candidates)
              for (kind, column, value), (_count, _first, candidates) in imp.issues.items()]
    return [out[n] for n in sorted(out)], issues


def import_start(*, user, draft: ImportRun, dry_run: bool) -> ImportRun:
    """Open the run (or dry run) of a configured draft and queue it as a background job."""
    from .tasks import import_task

    if draft.status != RunStatus.DRAFT or not draft.mapping_name:
        raise ImportProblem(_("Choose a mapping first."))
    if draft.user_id != user.pk and not user.may("edit_any"):
        raise PermissionDenied(_("You may start only your own imports."))
    run = import_prepare(user=user, path=draft.file_path, mapping_name=draft.mapping_name,
                         file_name=draft.file_name, dry_run=dry_run, on_error=draft.on_error,
                         confidentiality=draft.confidentiality, batch_size=draft.batch_size)
    import_task(run.pk)
    return run
