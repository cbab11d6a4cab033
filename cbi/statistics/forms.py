from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors


class WaitingTimeForm(forms.Form):
    """Which product and which region (GET: the page's address can be shared and bookmarked)."""

    group = forms.ChoiceField(label=_("Assistive product"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, refresh=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Choose a product"))] + [
            (group.iso_code, group.name) for group in selectors.product_groups(refresh)]
        self.fields["region"].choices = [("", _("All of Ukraine"))] + [
            (department.code, selectors.region_name(department)) for department in selectors.regions()]
