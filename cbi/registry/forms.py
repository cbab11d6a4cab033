from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import DateField, Form, ModelForm

from .names import search_key

from . import selectors, validators
from .error_codes import RegistryErrorCode
from .models import (
    Address, Assessment, DisabilityStatus, FamilyMember, IdentityDocument, Person, Representative, Territory,
)

RNOKPP_HINT = _("10 digits. It is on the taxpayer card, in the ID card (on the back) or in the “Дія” app.")
CODE_RE = re.compile(r"UA\d{17}")


class TerritoryField(forms.Field):
    """A settlement or community typed by name; the code in brackets decides
    when several places share a name. Works without JavaScript; with it, the
    field suggests places as one types."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "off", "list": "territory-options",
                "data-territory-search": "1"}

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return f"{value.full_name} ({value.code})"
        if isinstance(value, str) and CODE_RE.fullmatch(value):
            territory = Territory.objects.filter(code=value).first()
            return f"{territory.full_name} ({territory.code})" if territory else value
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        code = CODE_RE.search(value)
        places = Territory.objects.exclude(category__in=[Territory.Category.OBLAST, Territory.Category.DISTRICT])
        if code:
            territory = places.filter(code=code.group(0)).first()
            if territory is None:
                raise forms.ValidationError(_(
                    "There is no settlement or community with this code. Type the name of the place."),
                    code=RegistryErrorCode.PLACE_CODE_UNKNOWN.value)
            return territory
        name = value.split(",")[-1].strip()
        for prefix in ("м. ", "с. ", "с-ще ", "смт "):
            if name.startswith(prefix):
                name = name[len(prefix):]
        matches = list(places.filter(name_key=search_key(name)).order_by("full_name")[:6])
        if not matches:
            raise forms.ValidationError(
                _("No settlement or community is called “%(name)s”. Check the spelling; type only the name, for example Бровари."),
                code=RegistryErrorCode.PLACE_NAME_UNKNOWN.value, params={"name": name},
            )
        if len(matches) > 1:
            examples = "; ".join(f"{t.full_name} ({t.code})" for t in matches[:5])
            raise forms.ValidationError(
                _("Several places are called “%(name)s”. Type the name with the code in brackets, for example: %(examples)s"),
                code=RegistryErrorCode.PLACE_NAME_AMBIGUOUS.value, params={"name": name, "examples": examples},
            )
        return matches[0]


class PlaceInput(forms.Widget):
    """A settlement typed by name, for people (primary registration).

    Renders a text field and, when the typed name fits several places, radio buttons
    to choose one (works without JavaScript). ``place.js`` turns the text field into
    an ARIA 1.2 combobox fed by ``search_url``; the place picked there travels in the
    hidden ``<name>_choice`` input, exactly as a radio button would send it."""

    template_name = "registry/widgets/place_input.html"

    def __init__(self, attrs=None, search_url: str = ""):
        super().__init__(attrs)
        self.search_url = search_url

    def value_from_datadict(self, data, files, name):
        return {"text": data.get(name, ""), "choice": data.get(f"{name}_choice", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_choice" not in data

    def format_value(self, value):
        if isinstance(value, Territory):
            return {"text": selectors.place_label(value), "choice": value.code}
        if isinstance(value, str):  # a code from the model's initial data
            territory = selectors.search_places(value).places if CODE_RE.fullmatch(value) else []
            if territory:
                return {"text": selectors.place_label(territory[0]), "choice": territory[0].code}
            return {"text": value, "choice": ""}
        return value or {"text": "", "choice": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        text, choice = (value or {}).get("text", ""), (value or {}).get("choice", "")
        search = selectors.search_places(text) if text.strip() else None
        options = [(t.code, selectors.place_label(t)) for t in search.places] if search and search.total > 1 else []
        if options and choice not in {code for code, _label in options}:
            choice = ""
        widget = context["widget"]
        widget.update({"text": text, "choice": choice, "options": options, "search_url": self.search_url,
                       "more": bool(search and search.more), "total": search.total if search else 0})
        return context


class PlaceField(forms.Field):
    """The settlement of an address, typed by name (any case, any apostrophe, with or
    without "м.", "с.", "смт", "селище"). One match is taken, and so is the only place
    with exactly that name; several are offered as radio buttons (or in the combobox);
    none is a clear error."""

    widget = PlaceInput
    default_error_messages = {
        "required": _("Type the name of your settlement, for example Бровари."),
        "short": _("Type at least 2 letters of the name of the settlement."),
        "none": _("We found no settlement called “%(name)s”. Check the spelling or type the name of "
                  "the community (громада), for example Броварська."),
        "several": _("Several places are called “%(name)s”. Choose yours below."),
        "many": _("Many places match “%(name)s”. Choose yours below; if it is not there, add the district "
                  "or oblast after a comma, for example: Гора, Бориспільський район."),
    }

    def __init__(self, *, search_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.widget.search_url = search_url

    def to_python(self, value):
        if isinstance(value, Territory):
            return value
        value = value if isinstance(value, dict) else {"text": value or "", "choice": ""}
        text, choice = (value.get("text") or "").strip(), (value.get("choice") or "").strip()
        if not text and not choice:
            return None
        search = selectors.search_places(text) if text else None
        if choice:
            chosen = Territory.objects.filter(code=choice, category__in=selectors.PLACE_CATEGORIES).first()
            if chosen is not None and (search is None or chosen in search.places):
                return chosen
        query = selectors.names_module.parse_place_query(text)
        if len(query.name) < 2:
            raise forms.ValidationError(self.error_messages["short"], code=RegistryErrorCode.PLACE_SHORT.value)
        if search.total == 0:
            raise forms.ValidationError(self.error_messages["none"], code=RegistryErrorCode.PLACE_NONE.value, params={"name": text})
        if search.total == 1:
            return search.places[0]
        # The one place with exactly this name (others only start with it), unless it is a
        # city with districts: then the district decides the office, so the person chooses.
        exact = [t for t in search.places if t.name_key == query.name]
        if len(exact) == 1 and not any(t.parent_id == exact[0].pk for t in search.places):
            return exact[0]
        code = RegistryErrorCode.PLACE_MANY if search.more else RegistryErrorCode.PLACE_SEVERAL
        raise forms.ValidationError(self.error_messages[code.value], code=code.value, params={"name": text})


class PersonForm(ModelForm):
    date_of_birth = DateField(label=_("Date of birth"))

    class Meta:
        model = Person
        fields = ["surname", "given_name", "patronymic", "date_of_birth", "sex", "rnokpp", "rnokpp_refused",
                  "birth_certificate", "phone", "email", "office"]
        widgets = {
            "sex": forms.RadioSelect,
            "birth_certificate": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "surname": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "rnokpp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
        }
        help_texts = {
            "rnokpp": RNOKPP_HINT,
            "rnokpp_refused": _("Only for people who refused a taxpayer number on religious grounds: their passport has a mark about it."),
            "birth_certificate": _("Only for a child under 18 without a taxpayer number: series and number, for example I-КВ 123456."),
            "patronymic": _("Leave empty if the person has no patronymic."),
            "phone": _("For example +380 67 123 45 67."),
        }

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [c for c in self.fields["sex"].choices if c[0]]
        if offices is not None:
            self.fields["office"].queryset = offices
            self.fields["office"].empty_label = None if offices.count() == 1 else _("Choose an office")

    def clean_rnokpp(self):
        value = validators.normalize_rnokpp(self.cleaned_data.get("rnokpp") or "")
        return value or None

    def clean_phone(self):
        return validators.normalize_phone(self.cleaned_data.get("phone"))


class IdentityDocumentForm(ModelForm):
    issued_on = DateField(label=_("Date of issue"), required=False)
    valid_until = DateField(label=_("Valid until"), required=False)

    class Meta:
        model = IdentityDocument
        fields = ["kind", "series", "number", "issued_on", "issued_by", "valid_until"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "series": _("Passport booklet: two Ukrainian letters, for example МК. Birth certificate: for example І-ЖС. An ID card has no series."),
            "number": _("Passport booklet and birth certificate: 6 digits. ID card: 9 digits (“Документ №”)."),
            "issued_by": _("For an ID card: the 4-digit code of the issuing body, for example 8031."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class AddressForm(ModelForm):
    territory = TerritoryField(
        label=_("Settlement or community"),
        help_text=_("Type the name, for example Бровари. If several places share the name, choose the one with the right district and oblast."),
    )

    class Meta:
        model = Address
        fields = ["kind", "territory", "street", "building", "apartment", "postcode"]
        widgets = {"kind": forms.RadioSelect, "postcode": forms.TextInput(attrs={"inputmode": "numeric"})}
        help_texts = {"postcode": _("5 digits, for example 07400.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class AssessmentForm(ModelForm):
    assessed_on = DateField(label=_("Date of the assessment"))

    class Meta:
        model = Assessment
        fields = ["kind", "assessed_on", "conclusion_number", "body_name", "indications_for_car",
                  "hand_controls", "contraindications_to_driving"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class DisabilityStatusForm(ModelForm):
    established_on = DateField(label=_("Established on"))
    valid_until = DateField(
        label=_("Established until"), required=False,
        help_text=_("Leave empty if the disability is established indefinitely (безстроково)."),
    )
    ended_on = DateField(
        label=_("Removed on"), required=False,
        help_text=_("Only when the disability was removed by a new assessment."),
    )

    class Meta:
        model = DisabilityStatus
        fields = ["group", "subgroup_a", "cause", "established_on", "valid_until", "assessment", "ended_on"]
        widgets = {"group": forms.RadioSelect}
        help_texts = {"subgroup_a": _("Only for group I.")}

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [c for c in self.fields["group"].choices if c[0]]
        self.fields["assessment"].queryset = Assessment.objects.filter(person=person)
        self.fields["assessment"].empty_label = _("No assessment recorded")


class RepresentativeForm(ModelForm):
    date_of_birth = DateField(label=_("Date of birth"), required=False)
    authority_document_date = DateField(label=_("Date of the proof of authority"))
    authority_valid_until = DateField(label=_("Authority valid until"), required=False)

    class Meta:
        model = Representative
        fields = ["kind", "surname", "given_name", "patronymic", "date_of_birth", "rnokpp", "phone", "email",
                  "authority_document", "authority_document_number", "authority_document_date",
                  "authority_valid_until"]
        widgets = {"kind": forms.RadioSelect, "rnokpp": forms.TextInput(attrs={"inputmode": "numeric"})}
        help_texts = {"rnokpp": RNOKPP_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class FamilyMemberForm(ModelForm):
    date_of_birth = DateField(label=_("Date of birth"), required=False)

    class Meta:
        model = FamilyMember
        fields = ["relation", "surname", "given_name", "patronymic", "date_of_birth", "rnokpp",
                  "registered_at_same_address", "holds_driving_licence"]
        widgets = {"rnokpp": forms.TextInput(attrs={"inputmode": "numeric"})}
        help_texts = {"rnokpp": RNOKPP_HINT}


PART_FORMS = {
    "documents": IdentityDocumentForm,
    "addresses": AddressForm,
    "statuses": DisabilityStatusForm,
    "assessments": AssessmentForm,
    "representatives": RepresentativeForm,
    "family": FamilyMemberForm,
}


class SearchByRnokppForm(Form):
    rnokpp = forms.CharField(label=_("Taxpayer number (РНОКПП)"), help_text=RNOKPP_HINT, max_length=14,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    def clean_rnokpp(self):
        value = validators.normalize_rnokpp(self.cleaned_data["rnokpp"])
        validators.validate_rnokpp(value)
        return value


class SearchByDocumentForm(Form):
    document_number = forms.CharField(
        label=_("Document series and number"), max_length=30,
        help_text=_("For example МК123456, 001234567 (ID card) or І-ЖС654321."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class SearchByNameForm(Form):
    surname = forms.CharField(label=_("Surname"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = DateField(label=_("Date of birth"))
