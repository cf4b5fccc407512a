"""Forms of the identification pages. They validate input only (types, lengths, dates); the rules live in
the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import ROLE_PERMISSIONS
from opvangnet.identification.models import (
    AgeStatus,
    ApplicantKind,
    AttachmentKind,
    ConsentGiver,
    ConsentPurpose,
    Discipline,
    Indicator,
    InformationSource,
    MemberView,
    NationalityStatus,
    Observed,
    Outcome,
    ReferrerKind,
    ReflectionGrantor,
    Representative,
    RepresentativeKind,
    Source,
    Submitter,
    Urgency,
)
from opvangnet.identification.services import (
    RESUME_STATES,
    AnswerInput,
    ApplicationInput,
    ConsentInput,
    PersonInput,
    RepresentativeInput,
    Seat,
)
from opvangnet.identification.services.attachments import check_attachment_size
from opvangnet.regions.models import Organisation, OrganisationKind
from opvangnet.vocabulary import Exploitation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LONG_TEXT = 20_000  # characters: enough for minutes or reasons, bounded against abuse
EARLIEST = dt.date(2000, 1, 1)


class BoundedDateField(forms.DateField):
    """A date from 2000 to ten years ahead: anything else is a typing error, answered on the form."""

    def clean(self, value: Any) -> Any:
        day = super().clean(value)
        if day is not None and not (EARLIEST <= day <= timezone.localdate() + dt.timedelta(days=3650)):
            raise forms.ValidationError(_("Give a date between 2000 and ten years from now."))
        return day


def text_area(label: Any, *, required: bool = True, rows: int = 5, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _choices(values: Iterable[str], enum: Any) -> list[tuple[str, Any]]:
    return [(value, enum(value).label) for value in values]


# --- application ---------------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Who applies"))
    referrer_kind = forms.ChoiceField(label=_("Brought in by"))
    exploitation_types = forms.MultipleChoiceField(
        label=_("Suspected exploitation"), choices=Exploitation.choices, widget=forms.CheckboxSelectMultiple
    )
    nationality_status = forms.ChoiceField(
        label=_("Nationality and residence"),
        choices=NationalityStatus.choices,
        initial=NationalityStatus.UNKNOWN,
        help_text=_(
            "The B8/3 regulation covers everyone from outside the EU/EEA/Switzerland, asylum seekers too."
        ),
    )
    dublin = forms.BooleanField(label=_("Dublin case"), required=False)
    age_status = forms.ChoiceField(label=_("Age"), choices=AgeStatus.choices, initial=AgeStatus.ADULT)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    shelter_organisation = forms.ModelChoiceField(
        label=_("The person's shelter or care provider"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Nobody from this organisation will sit on the committee."),
    )
    interpreter_language = forms.CharField(
        label=_("Interpreter needed for"),
        required=False,
        max_length=100,
        help_text=_("Empty: no interpreter."),
    )
    summary = text_area(
        _("What the application is about"),
        required=False,
        rows=4,
        help_text=_("Stored encrypted; seen only by the case manager and the committee."),
    )
    consent_given_on = BoundedDateField(
        label=_("Written consent to the assessment given on"), widget=DATE_INPUT
    )
    consent_given_by = forms.ChoiceField(label=_("Consent given by"), choices=ConsentGiver.choices)
    consent_document = forms.CharField(
        label=_("Where the signed consent form is kept"), required=False, max_length=200
    )
    other_consents = forms.MultipleChoiceField(
        label=_("The person also consents to"),
        choices=[c for c in ConsentPurpose.choices if c[0] != ConsentPurpose.ASSESSMENT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    medical_authorisation_on = BoundedDateField(
        label=_("Written authorisation for medical information dated"), required=False, widget=DATE_INPUT
    )
    lawyer_name = forms.CharField(
        label=_("Lawyer (authorised representative)"), required=False, max_length=200
    )
    lawyer_office = forms.CharField(label=_("Law firm"), required=False, max_length=200)
    guardian_name = forms.CharField(
        label=_("Guardian or parent with authority"), required=False, max_length=200
    )
    guardian_organisation = forms.CharField(
        label=_("Guardian's organisation"), required=False, max_length=200, help_text=_("For example Nidos.")
    )

    def __init__(
        self,
        *args: Any,
        applicant_kinds: Iterable[str] = (),
        referrer_kinds: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = _choices(applicant_kinds, ApplicantKind)  # type: ignore[attr-defined]
        self.fields["referrer_kind"].choices = _choices(referrer_kinds, ReferrerKind)  # type: ignore[attr-defined]
        self.fields["shelter_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.PROVIDER, active=True
        ).order_by("name")

    def to_input(self) -> ApplicationInput:
        data = self.cleaned_data
        representatives = []
        if data["lawyer_name"]:
            representatives.append(
                RepresentativeInput(RepresentativeKind.LAWYER, data["lawyer_name"], data["lawyer_office"])
            )
        if data["guardian_name"]:
            representatives.append(
                RepresentativeInput(
                    RepresentativeKind.GUARDIAN, data["guardian_name"], data["guardian_organisation"]
                )
            )
        shelter = data["shelter_organisation"]
        return ApplicationInput(
            applicant_kind=data["applicant_kind"],
            referrer_kind=data["referrer_kind"],
            exploitation_types=data["exploitation_types"],
            nationality_status=data["nationality_status"],
            age_status=data["age_status"],
            consent_given_on=data["consent_given_on"],
            consent_given_by=data["consent_given_by"],
            consent_document=data["consent_document"],
            other_consents=data["other_consents"],
            medical_authorisation_on=data["medical_authorisation_on"],
            dublin=data["dublin"],
            urgency=data["urgency"],
            shelter_organisation_id=shelter.pk if shelter else None,
            interpreter_language=data["interpreter_language"],
            summary=data["summary"],
            representatives=representatives,
        )


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=300)
    identity_documents = forms.CharField(
        label=_("Identity documents"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    v_number = forms.CharField(label=_("V-number (IND)"), required=False, max_length=20)

    def clean_date_of_birth(self) -> dt.date | None:
        born: dt.date | None = self.cleaned_data.get("date_of_birth")
        if born is not None and not (dt.date(1900, 1, 1) <= born <= timezone.localdate()):
            raise forms.ValidationError(_("Give a date of birth between 1900 and today."))
        return born

    def to_input(self) -> PersonInput:
        data = dict(self.cleaned_data)
        born = data.pop("date_of_birth")
        return PersonInput(date_of_birth=born.isoformat() if born else "", **data)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGiver.choices)
    given_on = BoundedDateField(label=_("Given on"), widget=DATE_INPUT)
    document_reference = forms.CharField(
        label=_("Where the signed form is kept"), required=False, max_length=200
    )
    authorisation_on = BoundedDateField(
        label=_("Written authorisation for medical information dated"), required=False, widget=DATE_INPUT
    )

    def to_input(self) -> ConsentInput:
        return ConsentInput(**self.cleaned_data)


class WithdrawConsentForm(forms.Form):
    withdrawn_on = BoundedDateField(label=_("Withdrawn on"), widget=DATE_INPUT)


class RepresentativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=RepresentativeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=300)
    language = forms.CharField(label=_("Language (interpreter)"), required=False, max_length=100)

    def to_input(self) -> RepresentativeInput:
        return RepresentativeInput(**self.cleaned_data)


class ReflectionPeriodForm(forms.Form):
    granted_by = forms.ChoiceField(label=_("Granted by"), choices=ReflectionGrantor.choices)
    granting_unit = forms.CharField(label=_("Unit"), required=False, max_length=200)
    starts_on = BoundedDateField(label=_("Starts on"), widget=DATE_INPUT)
    ends_on = BoundedDateField(label=_("Ends on"), widget=DATE_INPUT)


class AgeForm(forms.Form):
    new_status = forms.ChoiceField(label=_("Age"), choices=AgeStatus.choices)
    basis = text_area(_("On what basis"), rows=3, help_text=_("For example: an age assessment, a document."))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see this?"),
        max_length=300,
        help_text=_("Recorded in the audit log with your name and the time."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("How did the person withdraw?"), max_length=300)


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Which access request does this answer?"),
        max_length=300,
        help_text=_("For example the date and reference of the person's request."),
    )


# --- committee -----------------------------------------------------------------------------------------


def assessor_choices(exclude: Iterable[int] = ()) -> QuerySet[User]:
    """Active users whose role may assess (asked of the permission table, not of a role name)."""
    roles = [role for role, permissions in ROLE_PERMISSIONS.items() if "identification.assess" in permissions]
    return (
        User.objects.filter(role__in=roles, is_active=True)
        .exclude(pk__in=list(exclude))
        .select_related("organisation")
        .order_by("last_name", "username")
    )


class AssessorChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.name})" if obj.organisation else name


class CommitteeForm(forms.Form):
    """A chair and two or three members, each with the discipline they bring."""

    SEATS = 4

    def __init__(self, *args: Any, exclude: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = assessor_choices(exclude)
        for seat in range(1, self.SEATS + 1):
            required = seat <= 3
            label = _("Chair") if seat == 1 else _("Member %(n)s") % {"n": seat - 1}
            self.fields[f"assessor_{seat}"] = AssessorChoiceField(
                queryset=queryset, label=label, required=required
            )
            self.fields[f"discipline_{seat}"] = forms.ChoiceField(
                label=_("Discipline of %(seat)s") % {"seat": label},
                choices=[("", "—"), *Discipline.choices],
                required=required,
            )

    def seats(self) -> list[Seat]:
        data = self.cleaned_data
        seats = []
        for n in range(1, self.SEATS + 1):
            assessor, discipline = data.get(f"assessor_{n}"), data.get(f"discipline_{n}")
            if assessor and discipline:
                seats.append(Seat(assessor, discipline, chair=n == 1))
        return seats


class AssessmentForm(forms.Form):
    """One row per indicator (observed, source, note), then the member's own view and reasoning."""

    view = forms.ChoiceField(label=_("Your own view"), choices=MemberView.choices, widget=forms.RadioSelect)
    reasoning = text_area(_("Your reasoning"))

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


# --- hearings and adjournments -------------------------------------------------------------------------


def _interpreter_label(obj: Representative) -> str:
    return f"{obj.language or '–'} · {obj.organisation or '–'}"


class HearingForm(forms.Form):
    planned_for = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("An address, or 'by video'."))
    interpreter = forms.ModelChoiceField(
        label=_("Interpreter"), queryset=Representative.objects.none(), required=False
    )

    def __init__(self, *args: Any, interpreters: QuerySet[Representative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interpreter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = interpreters
        field.label_from_instance = _interpreter_label  # type: ignore[method-assign]

    def clean_planned_for(self) -> dt.datetime:
        moment: dt.datetime = self.cleaned_data["planned_for"]
        if moment.year > timezone.localdate().year + 2:
            raise forms.ValidationError(_("Plan the hearing within two years."))
        return moment


class MinutesForm(forms.Form):
    person_appeared = forms.TypedChoiceField(
        label=_("Did the person appear?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    minutes = text_area(_("Minutes"), rows=10)


class CancelHearingForm(forms.Form):
    reason = forms.CharField(label=_("Why is the hearing cancelled?"), max_length=300)


class WaiveHearingForm(forms.Form):
    note = forms.CharField(
        label=_("How did the person decline the hearing?"),
        max_length=300,
        help_text=_("For example: by letter."),
    )


class AdjournForm(forms.Form):
    source = forms.ChoiceField(label=_("Ask whom"), choices=InformationSource.choices)
    requested_from = forms.CharField(label=_("Addressed to"), required=False, max_length=200)
    information = text_area(_("What information is needed"), rows=4)


class InformationReceivedForm(forms.Form):
    note = text_area(_("What came in"), rows=4)
    resume_to = forms.ChoiceField(label=_("Go on with"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from opvangnet.identification.models import CaseState

        self.fields["resume_to"].choices = _choices(RESUME_STATES, CaseState)  # type: ignore[attr-defined]


# --- opinions ------------------------------------------------------------------------------------------


class OpinionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Opinion"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = text_area(_("Reasons (the person receives them)"), rows=8)


class DraftOpinionForm(forms.Form):
    reasons = text_area(_("Reasons of the draft negative opinion (the person receives them)"), rows=8)


class ResponseForm(forms.Form):
    response_by = forms.ChoiceField(
        label=_("Response from"), choices=[c for c in Submitter.choices if c[0] != Submitter.REFERRER]
    )
    response = text_area(_("The response (zienswijze)"), rows=8)


class ReassessmentForm(forms.Form):
    requested_by_kind = forms.ChoiceField(
        label=_("Requested by"), choices=[c for c in Submitter.choices if c[0] != Submitter.REFERRER]
    )
    grounds = text_area(_("Grounds (for example new facts)"))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("A statement or a scan of a document; at most 5 MB."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_attachment_size(upload.size)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from error
        return upload


# --- consultations and figures -------------------------------------------------------------------------


class ConsultationForm(forms.Form):
    exploitation_types = forms.MultipleChoiceField(
        label=_("Suspected exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    question = text_area(
        _("Situation and question"),
        rows=6,
        help_text=_(
            "Do not write names, dates of birth, addresses or anything else that identifies a person."
        ),
    )


class AnswerForm(forms.Form):
    answer = text_area(_("Advice"), rows=6)


class ReportForm(forms.Form):
    start = BoundedDateField(label=_("From"), widget=DATE_INPUT)
    end = BoundedDateField(label=_("Up to and including"), widget=DATE_INPUT)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and not (start <= end <= start + dt.timedelta(days=3660)):
            raise forms.ValidationError(_("Choose a period of at most ten years that ends after it starts."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        year = timezone.localdate().year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
