"""Keep what the review queues read in step with the records: each source's stored origin key
(review.SourceOrigin) and each incident's CorroborationSummary (independent sources, contested
attribution). Writes that bypass these signals (bulk tools) are caught up by `sijill review_origins`;
an import batch is caught up here from its audit event, which lists the incidents it wrote."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from sijill.audit.models import AuditEvent
from sijill.incidents.models import Act, Incident, PerpetrationClaim
from sijill.sources.models import Source


@receiver(post_save, sender=Source, dispatch_uid="review_source_origin")
def source_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import origin_refresh

    origin_refresh([instance.pk])  # and the corroboration of the incidents citing it


def _refresh(incident_ids) -> None:
    from .services import corroboration_refresh

    corroboration_refresh(incident_ids)


def _incidents_of(model, pks) -> set[int]:
    if model is Incident:
        return set(pks)
    if model is Act:
        return set(Act.objects.filter(pk__in=pks).values_list("incident_id", flat=True))
    return set(PerpetrationClaim.objects.filter(pk__in=pks).values_list("act__incident_id", flat=True))


def _sources_changed(model):
    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear" and reverse:  # a source loses every link: remember whose
            instance._review_cleared = _incidents_of(model, model.sources.through.objects.filter(
                source_id=instance.pk).values_list(f"{model._meta.model_name}_id", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            _refresh(_incidents_of(model, [instance.pk]))
        elif action == "post_clear":
            _refresh(getattr(instance, "_review_cleared", set()))
        else:
            _refresh(_incidents_of(model, pk_set or ()))
    return changed


for _model in (Incident, Act, PerpetrationClaim):
    m2m_changed.connect(_sources_changed(_model), sender=_model.sources.through, weak=False,
                        dispatch_uid=f"review_summary_sources_{_model._meta.model_name}")


@receiver(post_save, sender=PerpetrationClaim, dispatch_uid="review_summary_claim_saved")
def claim_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh(_incidents_of(Act, [instance.act_id]))


@receiver(post_delete, sender=Act, dispatch_uid="review_summary_act_deleted")
@receiver(post_delete, sender=PerpetrationClaim, dispatch_uid="review_summary_claim_deleted")
def act_or_claim_deleted(sender, instance, **kwargs):
    incident_id = instance.incident_id if sender is Act else Act.objects.filter(pk=instance.act_id).values_list(
        "incident_id", flat=True).first()
    if incident_id is not None and Incident.objects.filter(pk=incident_id).exists():
        _refresh([incident_id])


@receiver(post_delete, sender=Incident, dispatch_uid="review_summary_incident_deleted")
def incident_deleted(sender, instance, **kwargs):
    """A hard delete removes the acts first, whose signals rewrote the summary: remove it again
    (the foreign key is checked at commit)."""
    from .models import CorroborationSummary

    CorroborationSummary.objects.filter(incident_id=instance.pk).delete()


@receiver(post_save, sender=AuditEvent, dispatch_uid="review_summary_audited_write")
def incident_written(sender, instance, created=False, raw=False, **kwargs):
    """Every write of an incident through a service ends with its audit event (filed, edited,
    deleted, its status set by review, an act added), and an import records each batch with the
    incidents it wrote in bulk: the summary follows both, in the same transaction."""
    if raw or not created:
        return
    if instance.record_type == "incident" and str(instance.record_id).isdigit():
        _refresh([int(instance.record_id)])
    elif instance.action == "import_batch":
        changes = instance.changes or {}
        ids = [*changes.get("created_incident_ids", []), *changes.get("updated_incident_ids", [])]
        if ids:
            _refresh(ids)
