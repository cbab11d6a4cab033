"""Decisions: changes while in the queue and removal (CQ-RM-1..5), and the allocation of cars
(CQ-CAT-3, item 41). The top of the car-queue concepts: may use ``intake``, ``queue`` and
``settings``."""
