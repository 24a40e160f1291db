"""`sijill review_origins`: store the origin key of every source (after a bulk import, which
writes sources without the signals that keep the keys)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Recompute and store the origin key of every source (corroboration counts origins once)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, batch, **options):
        from sijill.review.services import origin_refresh
        from sijill.sources.models import Source

        ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(ids), batch):
            changed += origin_refresh(ids[start:start + batch])
        if changed:
            from sijill.audit.services import audit_record

            audit_record(user=None, action="review_origins", record_type="source", record_id="*",
                         changes={"sources": len(ids), "changed": changed})
        self.stdout.write(f"{len(ids)} sources checked, {changed} origin keys stored or changed.")
