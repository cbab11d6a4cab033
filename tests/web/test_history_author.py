"""Every history names who made a change the same way (the ``author`` filter): the full name,
the login when there is no name, "the system" when no one did."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{{ user|author }}")


@pytest.mark.django_db
def test_a_change_is_signed_by_the_officer_or_by_the_system():
    officer = User.objects.create_user(username="o.kovalenko", first_name="Олена", last_name="Коваленко")
    nameless = User.objects.create_user(username="import.robot")
    with translation.override("uk"):
        assert TEMPLATE.render(Context({"user": officer})) == "Олена Коваленко"
        assert TEMPLATE.render(Context({"user": nameless})) == "import.robot"
        assert TEMPLATE.render(Context({"user": None})) == "система"
    with translation.override("en"):
        assert TEMPLATE.render(Context({"user": None})) == "the system"
        assert TEMPLATE.render(Context({"user": officer})) == '<span lang="uk">Олена Коваленко</span>'
