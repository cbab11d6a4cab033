"""Queue: the entries, their numbers and places (enrollment, renumbering, the officers' list
and the person's place). May use ``settings``; never ``intake`` or ``decisions``."""
