"""Merge Ukrainian translations from JSON files ({msgid: msgstr}) into the
catalogue, clearing the fuzzy guesses that makemessages leaves behind.
A plural entry is keyed "msgid||msgid_plural" (or by its msgid alone) with a list of the three
Ukrainian forms.
Usage: python scripts/merge_translations.py FILE.json [FILE.json ...]"""
import json
import sys

import polib

po = polib.pofile("locale/uk/LC_MESSAGES/django.po")
updates = {}
for path in sys.argv[1:]:
    updates.update(json.load(open(path, encoding="utf-8")))
applied = 0
for entry in po:
    key = f"{entry.msgid}||{entry.msgid_plural}" if entry.msgid_plural else entry.msgid
    if key not in updates and entry.msgid_plural and isinstance(updates.get(entry.msgid), list):
        key = entry.msgid
    if key not in updates:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(updates[key]))
    else:
        entry.msgstr = updates[key]
    applied += 1
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.save()
left = po.untranslated_entries() + po.fuzzy_entries()
print(f"applied {applied}; still untranslated or fuzzy: {len(left)}")
for entry in left:
    print("  ", [f for f, _ in entry.occurrences][:1], repr(entry.msgid)[:100])
