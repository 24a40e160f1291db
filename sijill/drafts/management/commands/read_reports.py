"""`sijill read_reports FILE --user NAME [--confidentiality N] [--lang auto|ar|en] [--published YYYY-MM-DD]`:
read a ZIP of text files, a JSON Lines or a CSV file of reports into drafts, as the user named,
here and now (no job queue); the batch then shows at /drafts/ as if uploaded. A file with any bad
entry is refused whole, each problem with its place; exit status 1.

`sijill read_reports --resume ID` goes on with a batch that was stopped (a killed process, a
stopped worker): the reports already read are kept and none is read twice."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sijill.confidentiality import Confidentiality
from sijill.drafts import selectors, services
from sijill.errors import PermissionDenied


class Command(BaseCommand):
    help = "Read a file of many reports (.zip of text files, .jsonl or .csv) into drafts, as a user."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--user", help="the account the drafts are filed by")
        parser.add_argument("--resume", type=int, metavar="ID", help="go on with batch ID where it stopped")
        parser.add_argument("--confidentiality", type=int, default=int(Confidentiality.INTERNAL),
                            choices=[int(v) for v in Confidentiality.values])
        parser.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")
        parser.add_argument("--published", help="publication date YYYY-MM-DD of reports that do not give one")

    def handle(self, *args, file, user, confidentiality, lang, published, resume=None, **options):
        from pathlib import Path

        from sijill.accounts.models import User
        from sijill.drafts.models import ReportBatch

        if resume is not None:
            batch = ReportBatch.objects.filter(pk=resume).first()
            if batch is None:
                raise CommandError(f"No batch {resume}.")
            read = batch.entries.exclude(draft=None).count()
            self.stderr.write(f"Resuming batch {batch.pk} ({batch.file_name}): {read} of {batch.total} read before")
            return self._read(batch)
        if not file or not user:
            raise CommandError("Give a FILE and --user NAME, or --resume ID.")

        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {user!r}.")
        try:
            when = date.fromisoformat(published) if published else None
        except ValueError as exc:
            raise CommandError(f"--published {published!r} is not a date; write YYYY-MM-DD.") from exc
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            batch = services.batch_create(user=account, file_name=Path(file).name, data=data, queue=False,
                                          confidentiality=confidentiality, lang=lang, published_on=when)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            problems = [p for messages in exc.message_dict.values() for p in messages]
            raise CommandError(f"{file} was not read:\n  " + "\n  ".join(problems)) from exc
        for where, first in batch.repeats:
            self.stderr.write(f"{where} repeats {first}: read once")
        self.stderr.write(f"batch {batch.pk}: {batch.total} reports")
        self._read(batch)

    def _read(self, batch):
        batch = services.batch_execute(batch_id=batch.pk)
        failed = list(batch.entries.exclude(error="").values_list("where", "error"))
        for where, error in failed:
            self.stderr.write(f"{where}: {error}")
        groups = selectors.batch_event_groups(user=batch.created_by, batch=batch)
        together = [g for g in groups if len(g) > 1]
        self.stdout.write(f"batch {batch.pk}: {batch.total - len(failed)} drafts, {len(failed)} not read, "
                          f"{len(together)} groups of reports that look like one event "
                          f"({sum(map(len, together))} reports)")
        if failed:
            raise CommandError(f"{len(failed)} reports could not be read; see above.")
