"""Settings: the configurable items of Resolution 999 as data (one current ``RulesSettings``
row with its history), and the evaluation of a facts document against them (API, command,
what-if page). The lowest of the car-queue concepts: it imports none of the others."""
