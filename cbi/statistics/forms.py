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


class DashboardFilterForm(forms.Form):
    """The dashboard's period and (for a national body) region: a GET form, no JavaScript."""

    period = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=12)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        from . import dashboard

        super().__init__(*args, **kwargs)
        labels = {1: _("the last month"), 3: _("the last quarter"), 6: _("the last half-year"),
                  12: _("the last year")}
        self.fields["period"].choices = [(n, labels[n]) for n in reversed(dashboard.PERIODS)]
        if regions:
            self.fields["region"].choices = [("", _("All of Ukraine"))] + [
                (region.code, selectors.region_name(region)) for region in regions]
        else:
            del self.fields["region"]
