"""`sijill user create|token`: manage users and API tokens from the command line."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sijill.accounts.models import User
from sijill.accounts.services import api_token_create, user_create


class Command(BaseCommand):
    help = "Create users and API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user (password asked at the prompt or from SIJILL_NEW_PASSWORD)")
        create.add_argument("username")
        create.add_argument("--role", default="viewer", choices=["admin", "coordinator", "analyst", "documenter", "viewer"])
        create.add_argument("--clearance", type=int, default=1, choices=[0, 1, 2, 3])
        create.add_argument("--email", default="")
        token = sub.add_parser("token", help="issue an API token for a user and print it once")
        token.add_argument("username")
        token.add_argument("--name", default="cli")

    def handle(self, *args, action, **options):
        if action == "create":
            password = os.environ.get("SIJILL_NEW_PASSWORD") or getpass.getpass("Password: ")
            try:
                user = user_create(username=options["username"], password=password, role=options["role"],
                                   clearance=options["clearance"], email=options["email"])
            except ValidationError as exc:
                raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
            self.stdout.write(f"Created {user.username} ({user.role}, clearance {user.clearance}).")
        elif action == "token":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['username']!r}.")
            self.stdout.write(api_token_create(user=user, name=options["name"]))
