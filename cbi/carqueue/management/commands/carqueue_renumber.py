"""Recount the numbers of every region's car queue, category by category (CQ-CAT-1).

    python manage.py carqueue_renumber

Every number that changes is kept with the cause "recount" (docs/carqueue-queue.md)."""

from __future__ import annotations

from time import perf_counter

from django.core.management.base import BaseCommand

from cbi.carqueue.queue.services import renumber_all


class Command(BaseCommand):
    help = "Renumber the car queue of every region and category; print how many numbers changed."

    def handle(self, *args, **options):
        started = perf_counter()
        changed = renumber_all()
        self.stdout.write(self.style.SUCCESS(f"OK: {changed} numbers changed in {perf_counter() - started:.2f} s."))
