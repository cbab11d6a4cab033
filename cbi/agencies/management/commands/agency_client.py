"""Register an agency client and issue it a credential (docs/agencies-api.md, "Credentials").

    manage.py agency_client register --code pfu --name "Пенсійний фонд України" \
        --legal-basis "..." --purpose-file purposes.json [--xroad-client UA/GOV/00000000/pfu] \
        [--tls-fingerprint AB:CD:...] [--callback-url https://...] [--rate-limit 120]
    manage.py agency_client issue --code pfu [--days 90]      # prints the key ONCE
    manage.py agency_client revoke --key-id 0123abcd...

The purposes file is a JSON list of {"code", "name", "legal_basis", "fields", "needs_consent",
"valid_until"}; fields from: established, group_cause, period, car_queue."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cbi.agencies import services
from cbi.agencies.models import AgencyClient, AgencyCredential


class Command(BaseCommand):
    help = "Register an agency client, issue or revoke its credential."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        register = sub.add_parser("register")
        register.add_argument("--code", required=True)
        register.add_argument("--name", required=True)
        register.add_argument("--legal-basis", required=True)
        register.add_argument("--purpose-file", required=True)
        register.add_argument("--xroad-client", default="")
        register.add_argument("--tls-fingerprint", default="",
                              help="hex fingerprint of the client's certificate as the TLS proxy passes it")
        register.add_argument("--callback-url", default="")
        register.add_argument("--rate-limit", type=int, default=60)
        issue = sub.add_parser("issue")
        issue.add_argument("--code", required=True)
        issue.add_argument("--days", type=int, default=None)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("--key-id", required=True)

    def handle(self, *args, action: str, **options):
        if action == "register":
            with open(options["purpose_file"], encoding="utf-8") as handle:
                purposes = json.load(handle)
            for item in purposes:
                if item.get("valid_until"):
                    item["valid_until"] = date.fromisoformat(item["valid_until"])
            try:
                client = services.register_client(
                    code=options["code"], name=options["name"], legal_basis=options["legal_basis"],
                    purposes=purposes, xroad_client=options["xroad_client"],
                    tls_client_fingerprint=options["tls_fingerprint"], callback_url=options["callback_url"],
                    rate_limit_per_minute=options["rate_limit"])
            except (KeyError, ValueError) as error:
                raise CommandError(f"purposes file: {error}") from None
            self.stdout.write(f"client {client.code}: {client.purposes.count()} purposes")
            if client.callback_secret:
                self.stdout.write(f"callback signing key (keep it at the client): {client.callback_secret}")
        elif action == "issue":
            client = AgencyClient.objects.filter(code=options["code"]).first()
            if client is None:
                raise CommandError(f"no client {options['code']!r}")
            issued = services.issue_credential(client=client, days=options["days"])
            self.stdout.write(f"key id {issued.credential.key_id}, expires {issued.credential.expires_at:%Y-%m-%d}")
            self.stdout.write("bearer token (shown once, only its hash is stored):")
            self.stdout.write(issued.token)
        else:
            credential = AgencyCredential.objects.filter(key_id=options["key_id"]).first()
            if credential is None:
                raise CommandError("no such key")
            services.revoke_credential(credential=credential)
            self.stdout.write("revoked")
