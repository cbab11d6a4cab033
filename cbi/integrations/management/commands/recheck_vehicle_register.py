"""Periodic re-check of the vehicle register (CQ-ELIG-5, CQ-RM-4).

    manage.py recheck_vehicle_register --person-ids UUID [UUID ...]
    manage.py recheck_vehicle_register --all-enrolled
    manage.py recheck_vehicle_register --retry-waiting

Run it from cron or a systemd timer (docs/integrations.md). It only *requests* checks: the
workers (`manage.py db_worker`) ask the register.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cbi.integrations import services


class Command(BaseCommand):
    help = "Request new vehicle register checks for the given persons, or for everyone enrolled in the car queue."

    def add_arguments(self, parser):
        parser.add_argument("--person-ids", nargs="+", default=[], metavar="UUID",
                            help="Ids of the persons to re-check.")
        parser.add_argument("--all-enrolled", action="store_true",
                            help="Re-check everyone the VEHICLE_RECHECK_PERSONS setting names.")
        parser.add_argument("--retry-waiting", action="store_true",
                            help="Enqueue checks whose next attempt is due (register was down).")

    def handle(self, *args, person_ids, all_enrolled, retry_waiting, **options):
        if not (person_ids or all_enrolled or retry_waiting):
            raise CommandError("Give --person-ids, --all-enrolled or --retry-waiting.")
        ids: list = list(person_ids)
        if all_enrolled:
            try:
                enrolled = services.enrolled_person_ids()
            except ImportError as exc:
                raise CommandError(f"VEHICLE_RECHECK_PERSONS cannot be imported: {exc}") from exc
            if not enrolled:
                self.stdout.write("VEHICLE_RECHECK_PERSONS names no persons: nobody enrolled to re-check.")
            ids.extend(enrolled)
        if ids:
            created = services.recheck(ids)
            self.stdout.write(f"Requested {len(created)} vehicle register check(s) for {len(ids)} person(s).")
        if retry_waiting:
            count = services.retry_waiting_checks()
            self.stdout.write(f"Enqueued {count} waiting check(s).")
