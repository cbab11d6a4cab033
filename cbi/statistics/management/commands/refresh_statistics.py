from datetime import date

from django.core.management.base import BaseCommand

from cbi.statistics import services


class Command(BaseCommand):
    help = "Recompute the public waiting times and car-queue lengths (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the last day of the twelve months (YYYY-MM-DD); default: today")

    def handle(self, *args, today=None, **options):
        refresh = services.refresh_public_statistics(today=today)
        self.stdout.write(f"Figures for {refresh.period_start:%d.%m.%Y}–{refresh.period_end:%d.%m.%Y}: "
                          f"{refresh.waiting_times.count()} waiting-time cells, "
                          f"{refresh.queue_lengths.count()} queue cells.")
