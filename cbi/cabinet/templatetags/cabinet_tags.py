from __future__ import annotations

from django import template

from cbi.accounts import codes
from cbi.accounts.models import CabinetAccount
from cbi.accounts.roles import Capability, has_capability

register = template.Library()


@register.inclusion_tag("cabinet/_staff_person_section.html", takes_context=True)
def staff_cabinet_section(context, person):
    request = context["request"]
    return {
        "person": person,
        "cabinet": {
            "account": CabinetAccount.objects.filter(person=person).first(),
            "active_code": codes.active_code(person),
            "corrections": list(person.correction_requests.all()[:10]),
            "can_issue": has_capability(request.user, Capability.ISSUE_AUTHORIZATION_CODE),
        },
    }
