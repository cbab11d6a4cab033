"""Building blocks of record keeping shared by every app: reference numbers people quote
(``references``), change histories (``history``) and the one save-with-history helper
(``updates``). Below every domain app: it imports none of them (.importlinter)."""
