"""Forms of the identification pages. They validate input only; the rules live in `services.py`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import ROLE_PERMISSIONS
from opvangnet.identification.models import (
    ConsentBasis,
    Discipline,
    Indicator,
    Observed,
    Outcome,
    ReferrerKind,
    Source,
    Urgency,
)
from opvangnet.identification.services import AnswerInput, PersonInput, ReferralInput
from opvangnet.vocabulary import Exploitation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(forms.Form):
    referrer_kind = forms.ChoiceField(label=_("Referred by"))
    exploitation_types = forms.MultipleChoiceField(
        label=_("Suspected exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    b83_applicable = forms.BooleanField(
        label=_("B8/3 applies (third-country national without lawful residence)"), required=False
    )
    dublin = forms.BooleanField(label=_("Dublin case (reflection period of 30 days)"), required=False)
    minor = forms.BooleanField(label=_("The person is a minor"), required=False)
    reflection_started_on = forms.DateField(
        label=_("Reflection period already started on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Only when police or KMar have already offered the reflection period."),
    )
    consent_basis = forms.ChoiceField(label=_("Basis for sharing"), choices=ConsentBasis.choices)
    consent_purpose = forms.CharField(label=_("Consent: for what"), required=False, max_length=200)
    consent_recipients = forms.CharField(label=_("Consent: shared with whom"), required=False, max_length=200)
    consent_given_on = forms.DateField(label=_("Consent given on"), required=False, widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("What was noticed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted; seen only by the case manager and the assessors."),
    )

    def __init__(self, *args: Any, kinds: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referrer_kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind, ReferrerKind(kind).label) for kind in kinds]

    def to_input(self) -> ReferralInput:
        data = dict(self.cleaned_data)
        return ReferralInput(**{k: v for k, v in data.items() if k in ReferralInput.__dataclass_fields__})


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=300)
    identity_documents = forms.CharField(
        label=_("Identity documents"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def to_input(self) -> PersonInput:
        data = dict(self.cleaned_data)
        born = data.pop("date_of_birth")
        return PersonInput(date_of_birth=born.isoformat() if born else "", **data)


def assessor_choices(exclude: Iterable[int] = ()) -> Any:
    """Active users whose role may assess (asked of the permission table, not of a role name)."""
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if "identification.assess" in permissions]
    return (
        User.objects.filter(role__in=roles, is_active=True)
        .exclude(pk__in=list(exclude))
        .order_by("last_name", "username")
    )


class AssessorChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class PanelForm(forms.Form):
    """Two or three assessors, each with the discipline they bring to this panel."""

    SEATS = 3

    def __init__(self, *args: Any, exclude: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = assessor_choices(exclude)
        for seat in range(1, self.SEATS + 1):
            required = seat <= 2
            self.fields[f"assessor_{seat}"] = AssessorChoiceField(
                queryset=queryset, label=_("Assessor %(n)s") % {"n": seat}, required=required
            )
            self.fields[f"discipline_{seat}"] = forms.ChoiceField(
                label=_("Discipline of assessor %(n)s") % {"n": seat},
                choices=[("", "—"), *Discipline.choices],
                required=required,
            )

    def members(self) -> list[tuple[User, str]]:
        seats = (
            (self.cleaned_data.get(f"assessor_{n}"), self.cleaned_data.get(f"discipline_{n}"))
            for n in (1, 2, 3)
        )
        return [(assessor, discipline) for assessor, discipline in seats if assessor and discipline]


class AssessmentForm(forms.Form):
    """One row per indicator (observed, source, note), then the assessor's own view and reasoning."""

    view = forms.ChoiceField(label=_("Your own view"), choices=Outcome.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("Your reasoning"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"observed_{indicator.pk}"] = forms.ChoiceField(
                label=_("Observed"), choices=Observed.choices, initial=Observed.UNKNOWN
            )
            self.fields[f"source_{indicator.pk}"] = forms.ChoiceField(
                label=_("Source"), choices=[("", "—"), *Source.choices], required=False
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500
            )

    def indicator_rows(self) -> list[tuple[Indicator, list[forms.BoundField]]]:
        return [
            (i, [self[f"observed_{i.pk}"], self[f"source_{i.pk}"], self[f"note_{i.pk}"]])
            for i in self.indicators
        ]

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        return {
            i.pk: AnswerInput(data[f"observed_{i.pk}"], data[f"source_{i.pk}"], data[f"note_{i.pk}"])
            for i in self.indicators
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Joint decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see this?"),
        max_length=300,
        help_text=_("Recorded in the audit log with your name and the time."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("A statement or a scan of a document; at most 5 MB."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("A file may be at most 5 MB."))
        return upload


class ReconsiderationForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds for reconsideration"), widget=forms.Textarea(attrs={"rows": 5})
    )
    on_behalf_of_person = forms.BooleanField(
        label=_("Requested by the person (not by the referrer)"), required=False
    )

    def __init__(self, *args: Any, may_act_for_person: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_act_for_person:
            del self.fields["on_behalf_of_person"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is the case withdrawn?"), max_length=300)


class ConsultationForm(forms.Form):
    exploitation_types = forms.MultipleChoiceField(
        label=_("Suspected exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    question = forms.CharField(
        label=_("Situation and question"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Do not write names, dates of birth, addresses or anything else that identifies a person."
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Advice"), widget=forms.Textarea(attrs={"rows": 6}))


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def year_or_current(self) -> int:
        if self.is_valid():
            return int(self.cleaned_data["year"])
        return timezone.localdate().year
