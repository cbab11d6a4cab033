"""Set Ukrainian translations from a JSON file {msgid: msgstr} (helper for `make messages`)."""
import json
import sys

import polib

po = polib.pofile("locale/uk/LC_MESSAGES/django.po")
updates = json.load(open(sys.argv[1], encoding="utf-8"))
for entry in po:
    if entry.msgid in updates:
        entry.msgstr = updates[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
po.save()
missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
print("untranslated:", missing)
