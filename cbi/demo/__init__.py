"""Demo data for a local run and the browser tests: ``manage.py seed_demo`` and ``demo_otp``.

The top layer: it builds a world out of every app (organizations, staff, a synthetic
population, cabinet accounts, the car queue, assistive products, statistics), so no app
imports it. The generators stay beside what they generate (``cbi/registry/demo.py`` for
persons, ``cbi/applications/demo.py`` for applications); this app only orders them.
"""
