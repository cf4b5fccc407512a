from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.core.periods import PeriodField
from opvangnet.placement import services
from opvangnet.placement.models import (
    CancelReason,
    ClientDeclineReason,
    ExitDestination,
    Proposal,
    ProviderDeclineReason,
    Urgency,
    route_errors,
)
from opvangnet.regions.models import Region, SecurityLevel
from opvangnet.vocabulary import (
    LANGUAGES,
    B8Status,
    CareType,
    Exploitation,
    Gender,
    Guardian,
    NationalityGroup,
    Need,
)

# Marks the fields of the route that only a minor has (guardian, youth care).
MINORS_ONLY = {"data-minors-only": ""}


class IntakeForm(forms.Form):
    """What a person needs; never a name. The same fields drive the live candidate list."""

    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), to_field_name="code", label=_("Home region")
    )
    care_type = forms.ChoiceField(choices=CareType.choices, label=_("Care type"))
    exploitation = forms.MultipleChoiceField(
        choices=Exploitation.choices, widget=forms.CheckboxSelectMultiple, label=_("Form of exploitation")
    )
    gender = forms.ChoiceField(choices=Gender.choices, label=_("Gender"))
    age = forms.IntegerField(min_value=0, max_value=120, label=_("Age"))
    with_children = forms.IntegerField(min_value=0, max_value=12, initial=0, label=_("Children coming along"))
    needs = forms.MultipleChoiceField(
        choices=Need.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Needs")
    )
    languages = forms.MultipleChoiceField(
        choices=list(LANGUAGES.items()),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        label=_("Languages the client speaks"),
    )
    security = forms.ChoiceField(
        choices=SecurityLevel.choices, initial=SecurityLevel.STANDARD, label=_("Security needed")
    )
    avoid_regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        label=_("Regions to avoid"),
        help_text=_("For example the region where the exploiters are."),
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.TODAY, label=_("Urgency"))
    nationality_group = forms.ChoiceField(
        choices=NationalityGroup.choices,
        initial=NationalityGroup.UNKNOWN,
        required=False,
        label=_("Nationality"),
    )
    b8_status = forms.ChoiceField(
        choices=B8Status.choices,
        initial=B8Status.NONE,
        required=False,
        label=_("B8/3 status"),
        help_text=_("Categorical shelter (COSM) admits only people in the B8/3 procedure."),
    )
    reflection_period_end = forms.DateField(
        required=False,
        label=_("End of the reflection period"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    # Asked of minors only: site.js shows these once the age entered is under 18 (all show without script).
    guardian = forms.ChoiceField(
        choices=[("", "–"), *Guardian.choices],
        required=False,
        label=_("Guardian (minors)"),
        widget=forms.Select(attrs=MINORS_ONLY),
    )
    guardian_organisation = forms.CharField(
        max_length=120,
        required=False,
        label=_("Guardian's organisation (other guardian)"),
        widget=forms.TextInput(attrs=MINORS_ONLY),
    )
    youth_care_involved = forms.NullBooleanField(
        required=False,
        label=_("Youth care involved (minors)"),
        widget=forms.Select(
            choices=[("unknown", "–"), ("true", _("Yes")), ("false", _("No"))], attrs=MINORS_ONLY
        ),
    )
    youth_care_organisation = forms.CharField(
        max_length=120,
        required=False,
        label=_("Youth care organisation"),
        widget=forms.TextInput(attrs=MINORS_ONLY),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in route_errors(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def needs_data(self) -> dict[str, Any]:
        """The cleaned needs in the shape of PlacementRequest fields and of the engine's request."""
        data = self.cleaned_data
        return {
            "care_type": data["care_type"],
            "exploitation": list(data["exploitation"]),
            "gender": data["gender"],
            "age": data["age"],
            "with_children": data["with_children"] or 0,
            "needs": list(data["needs"]),
            "languages": list(data["languages"]),
            "security": data["security"],
            "avoid_regions": [region.code for region in data["avoid_regions"]],
            "urgency": data["urgency"],
            "nationality_group": data.get("nationality_group") or NationalityGroup.UNKNOWN,
            "b8_status": data.get("b8_status") or B8Status.NONE,
            "reflection_period_end": data.get("reflection_period_end"),
            "guardian": data.get("guardian") or "",
            "guardian_organisation": (data.get("guardian_organisation") or "").strip(),
            "youth_care_involved": data.get("youth_care_involved"),
            "youth_care_organisation": (data.get("youth_care_organisation") or "").strip(),
        }


class _ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"))
    reason_text = forms.CharField(
        max_length=500,
        required=False,
        label=_("Explanation"),
        help_text=_("Required for 'other'. Never write the client's name."),
    )

    reasons: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = self.reasons.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == "other" and not (data.get("reason_text") or "").strip():
            self.add_error("reason_text", _("Explain the reason 'other'."))
        return data


class ProviderDeclineForm(_ReasonForm):
    """The provider's refusal; with `proposal`, a reason that contradicts the request needs a comment
    (the rule is `services.contradiction`, which the service applies again)."""

    reasons = ProviderDeclineReason

    def __init__(self, *args: Any, proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        reason = data.get("reason")
        if self.proposal is not None and reason and not (data.get("reason_text") or "").strip():
            why = services.contradiction(self.proposal.request, self.proposal.offer, reason)
            if why:
                self.add_error(
                    "reason_text", _("%(why)s Explain why you decline for this reason.") % {"why": why}
                )
        return data


class ClientDeclineForm(_ReasonForm):
    reasons = ClientDeclineReason


class CancelForm(_ReasonForm):
    reasons = CancelReason


class HandoverNoteForm(forms.Form):
    handover_note = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Handover note"),
        help_text=_("Transport, time of arrival, what to bring. Never write the client's name."),
    )


class IntakeDateForm(forms.Form):
    intake_date = forms.DateField(
        label=_("Intake date"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class ExitForm(forms.Form):
    exit_date = forms.DateField(
        label=_("Exit date"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    destination = forms.ChoiceField(choices=ExitDestination.choices, label=_("Destination"))


class RefusalReportFilter(forms.Form):
    # Whole months, quarters or years only: two day ranges that differ by one day would give away that day.
    period = PeriodField(required=False, label=_("Period"))

    breakdown = forms.MultipleChoiceField(
        required=False,
        label=_("Break down by"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("gender", _("Gender")),
            ("age_group", _("Age group")),
            ("region", _("Region")),
            ("care_type", _("Care type")),
        ],
    )
