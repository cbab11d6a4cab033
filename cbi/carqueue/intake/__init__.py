"""Intake: car applications from registration to the decision, their journal (append-only,
MAC-chained, with signed checkpoints) and their deadlines. May use ``queue`` (a decision
"enrolled" enrolls) and ``settings``; never ``decisions``."""
