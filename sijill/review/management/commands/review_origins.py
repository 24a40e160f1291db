"""`sijill review_origins`: store the origin key of every source and recompute the corroboration
summary of every incident (after a bulk write, which goes around the signals that keep them)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Recompute and store the origin key of every source (corroboration counts origins once) and the "
            "corroboration summary of every incident (the single-source and contested queues).")

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, batch, **options):
        from django.db import transaction

        from sijill.incidents.models import Incident
        from sijill.review.services import corroboration_refresh, origin_refresh
        from sijill.sources.models import Source

        ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(ids), batch):
            changed += origin_refresh(ids[start:start + batch], incidents=False)
        incidents = list(Incident.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(incidents), batch):
            with transaction.atomic():
                corroboration_refresh(incidents[start:start + batch])
        from sijill.audit.services import audit_record

        # Also moves the audit chain's head, which the cached queue counts are keyed on.
        audit_record(user=None, action="review_origins", record_type="source", record_id="*",
                     changes={"sources": len(ids), "changed": changed, "incidents": len(incidents)})
        self.stdout.write(f"{len(ids)} sources checked, {changed} origin keys stored or changed; "
                          f"corroboration of {len(incidents)} incidents recomputed.")
