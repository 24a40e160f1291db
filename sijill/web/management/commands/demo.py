"""`sijill demo`: migrate, load the gazetteer and demo records, create a demo admin, and serve."""

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_USER = "demo"
DEMO_PASSWORD = "sijill-demo-2026"


class Command(BaseCommand):
    help = "Set up a demo database (gazetteer, actors, demo incidents, admin 'demo') and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load everything, then stop")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--incidents", type=int, default=60)

    def handle(self, *args, no_serve, port, incidents, **options):
        from sijill.accounts.models import User
        from sijill.accounts.services import user_create
        from sijill.web.demo_data import demo_load

        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write("Database migrated.")
        try:
            from sijill.places.services import gazetteer_load

            counts = gazetteer_load()
            self.stdout.write(f"Gazetteer loaded: {counts}.")
        except ImportError:
            self.stdout.write("Gazetteer loader not available; continuing without places.")
        user = User.objects.filter(username=DEMO_USER).first() or user_create(
            username=DEMO_USER, password=DEMO_PASSWORD, role="admin", clearance=3
        )
        added = demo_load(user=user, incidents=incidents)
        self.stdout.write(f"Demo incidents added: {added}.")
        call_command("collectstatic", verbosity=0, interactive=False)
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nSijill is ready at {url}\n  login: {DEMO_USER}\n  password: {DEMO_PASSWORD}\n"))
        if os.environ.get("SIJILL_REQUIRE_2FA", "1") not in ("0", "false", "no", "off"):
            self.stdout.write("  (staff log in with a second factor: the first login shows a code to scan"
                              " with an authenticator app; `make demo` turns this off for the demo)")
        if not no_serve:
            # Background jobs (imports, batches of reports, linkage runs) need a worker beside the
            # server; it stops with the server.
            worker = start_worker()
            self.stdout.write(f"Background job worker started (pid {worker.pid}; its log is jobs.log under SIJILL_HOME).")
            # A service manager's SIGTERM stops the server like Ctrl-C, so the worker is stopped too.
            signal.signal(signal.SIGTERM, _stop)
            try:
                call_command("runserver", f"127.0.0.1:{port}", "--insecure", "--noreload")
            finally:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()


def _stop(signum, frame):
    raise KeyboardInterrupt


def _die_with_parent() -> None:
    """In the worker, before it starts: Linux sends it SIGTERM when the demo process ends, however
    it ends (even killed), so no worker is left behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the demo's own stop handling still ends the worker


def start_worker() -> subprocess.Popen:
    """`sijill run_huey` with one thread worker, in its own process, for the demo's jobs; it
    writes to jobs.log under SIJILL_HOME."""
    from django.conf import settings

    log = open(settings.SIJILL_HOME / "jobs.log", "ab")  # noqa: SIM115 - the worker process keeps it
    return subprocess.Popen(
        [sys.executable, "-m", "sijill.cli", "run_huey", "--workers", "1", "--worker-type", "thread"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "sijill.settings")},
        stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
    )
