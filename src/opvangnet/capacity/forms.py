from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opvangnet.capacity.models import Offer
from opvangnet.capacity.services import MAX_COUNT, Availability
from opvangnet.regions.models import LocationQuerySet
from opvangnet.vocabulary import (
    EXPLOITATION_FIELDS,
    GENDER_FIELDS,
    NEED_FIELDS,
    AdmissionRoute,
    Exploitation,
    Gender,
    Need,
    parse_language_codes,
)


class AvailabilityForm(forms.Form):
    free_places = forms.IntegerField(min_value=0, max_value=MAX_COUNT, label=_("Free places"))
    occupied_places = forms.IntegerField(min_value=0, max_value=MAX_COUNT, label=_("Occupied places"))
    waiting_list = forms.IntegerField(min_value=0, max_value=MAX_COUNT, label=_("Waiting list"))

    def availability(self) -> Availability:
        return Availability(**self.cleaned_data)


# The multi-valued properties are edited as checkbox lists and stored as one boolean column per code.
_MULTI = {
    "exploitation": (EXPLOITATION_FIELDS, Exploitation.choices, _("Forms of exploitation served"), True),
    "genders": (GENDER_FIELDS, Gender.choices, _("Genders accepted"), True),
    "needs": (NEED_FIELDS, Need.choices, _("Needs supported"), False),
}


class OfferForm(forms.ModelForm[Offer]):
    exploitation = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    genders = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Offer
        fields = [
            "location",
            "name",
            "care_type",
            "exploitation",
            "genders",
            "min_age",
            "max_age",
            "children_allowed",
            "needs",
            "languages",
            "security_level",
            "places",
            "admission_criteria",
            "admission_route",
            "contact_name",
            "contact_phone",
            "contact_email",
            "active",
        ]

    def __init__(self, *args: Any, locations: LocationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]
        self.fields["admission_route"].required = False
        for name, (columns, choices, label, required) in _MULTI.items():
            field = self.fields[name]
            field.choices = choices  # type: ignore[attr-defined]
            field.label = label
            field.required = required
            if self.instance.pk:
                self.initial[name] = [
                    code for code, column in columns.items() if getattr(self.instance, column)
                ]

    def clean_admission_route(self) -> str:
        """Left out (an older client or form): open to everyone, the model's default."""
        return self.cleaned_data.get("admission_route") or AdmissionRoute.OPEN

    def clean_languages(self) -> str:
        codes = parse_language_codes(self.cleaned_data["languages"])
        return ",".join(dict.fromkeys(codes))

    def _update_errors(self, errors: ValidationError) -> None:
        """Model errors on the boolean columns belong to the checkbox list that sets them."""
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list[ValidationError]] = {}
            for field, messages in errors.error_dict.items():
                target = next(
                    (name for name, (columns, *_rest) in _MULTI.items() if field in columns.values()), field
                )
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)  # type: ignore[misc]  # a private hook the stubs leave out

    def _post_clean(self) -> None:
        for name, (columns, _choices, _label, _required) in _MULTI.items():
            chosen = set(self.cleaned_data.get(name) or [])
            for code, column in columns.items():
                setattr(self.instance, column, code in chosen)
        super()._post_clean()  # type: ignore[misc]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An .xlsx or .csv file with one offer per row, in the columns of the template."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("The file must be .xlsx or .csv."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
