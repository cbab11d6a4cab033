"""Receivers of other apps' signals (connected in ``AgenciesConfig.ready``)."""

from __future__ import annotations

from django.dispatch import receiver

from cbi.registry.signals import disability_status_changed

from . import services


@receiver(disability_status_changed, dispatch_uid="agencies.status_notices")
def _status_changed(sender, *, person_id, change_key: str, **kwargs) -> None:
    services.queue_status_notices(person_id=person_id, change_key=change_key)
