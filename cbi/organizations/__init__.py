"""Organizations: the Ministry, the Fund and its territorial branches, regional departments and
district social protection offices, and the one scope rule (``scope.py``): which staff member
may see which person, application or queue entry. Below every domain app: imports none of them."""
