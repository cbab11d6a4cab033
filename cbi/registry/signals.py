"""Signals the registry sends, so other apps react without the registry importing them.

``disability_status_changed(person_id, status_id, change_key)`` — sent inside the transaction
that created or changed a disability status (``services.save_person_part``); ``change_key``
names that one change (the status's history row), so a receiver can act on it once only.
cbi/agencies queues its subscribers' notices from it.
"""

from django.dispatch import Signal

disability_status_changed = Signal()
