from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet.collection.models import (
    Audience,
    Dimension,
    FormVersion,
    PeriodKind,
    Question,
    QuestionKind,
    RuleKind,
    Section,
    Submission,
    format_number,
)
from opvangnet.collection.prefill import FIGURES
from opvangnet.collection.validation import ERROR, Cell, CellState, Issue, ValueInput
from opvangnet.regions.models import Municipality, Organisation, OrganisationKind, Region

# --- rounds ------------------------------------------------------------------------------------------------


class RoundForm(forms.Form):
    form_version = forms.ModelChoiceField(
        queryset=FormVersion.objects.select_related("form").order_by("form__name", "-number"),
        label=_("Form version"),
        empty_label=None,
    )
    period_kind = forms.ChoiceField(choices=PeriodKind.choices, label=_("Period"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    number = forms.IntegerField(
        min_value=1,
        max_value=4,
        initial=1,
        label=_("Number within the year"),
        help_text=_("Quarter 1–4 or half-year 1–2; 1 for a year."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reference_date = forms.DateField(
        required=False,
        label=_("Reference day"),
        help_text=_(
            "The day on which free places and the waiting list are counted; if empty, the period's last day."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.order_by("name"),
        label=_("Regions taking part"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["regions"].initial = list(Region.objects.values_list("pk", flat=True))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template (.xlsx)"))


class InviteForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), required=False, label=_("Municipality")
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Or an umbrella or provider organisation"),
    )

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = submission.round.form_version.sections.filter(
            audience__in=[Audience.MUNICIPALITY, Audience.ORGANISATION]
        )
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            (section.code, f"{section.title} ({Audience(section.audience).label})") for section in sections
        ]
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = Municipality.objects.filter(
            region=submission.region_id
        )
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.filter(
            active=True
        ).filter(kind=OrganisationKind.UMBRELLA) | Organisation.objects.filter(
            active=True, kind=OrganisationKind.PROVIDER, municipality__region=submission.region_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("municipality")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Choose either a municipality or an organisation."))
        return data


# --- answers -----------------------------------------------------------------------------------------------


@dataclass
class CellRow:
    label: str
    breakdown: str
    value: forms.BoundField | None
    comment: forms.BoundField | None
    shown_value: str
    shown_comment: str
    prefilled: str
    corrected: bool
    messages: list[Issue] = field(default_factory=list)


@dataclass
class QuestionBlock:
    question: Question
    rows: list[CellRow]


@dataclass
class SectionBlock:
    section: Section
    questions: list[QuestionBlock]


def field_name(prefix: str, cell: Cell) -> str:
    return f"{prefix}-{cell[0]}-{cell[1] or 'total'}"


class ValuesForm(forms.Form):
    """Every answer cell of a region form or a contribution: a value and an explanation. Values are taken as
    typed; the services parse and check them, the same way for the page, the upload and the API."""

    def __init__(
        self,
        data: Any = None,
        *,
        questions: list[Question],
        states: dict[Cell, CellState],
        editable: bool,
    ) -> None:
        super().__init__(data)
        self.questions = questions
        self.states = states
        self.editable = editable
        self.cells: dict[str, Cell] = {}
        self.issues: list[Issue] = []
        if not editable:
            return
        for question in questions:
            for code in question.breakdown_codes():
                cell = (question.code, code)
                state = states.get(cell, CellState())
                name = field_name("v", cell)
                self.cells[name] = cell
                self.fields[name] = _value_field(question, state)
                self.fields[field_name("c", cell)] = forms.CharField(
                    required=False, max_length=2000, initial=state.comment, label=_("Explanation")
                )

    def inputs(self) -> list[ValueInput]:
        """The answers as typed (call after is_valid())."""
        return [
            ValueInput(
                cell[0],
                cell[1],
                self.cleaned_data.get(name),
                self.cleaned_data.get(field_name("c", cell), ""),
            )
            for name, cell in self.cells.items()
        ]

    def show_issues(self, issues: list[Issue]) -> None:
        self.issues = issues

    @property
    def errors_count(self) -> int:
        return sum(1 for issue in self.issues if issue.level == ERROR)

    def blocking(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.blocks]

    def summary(self) -> list[dict[str, Any]]:
        """The blocking issues with the question's label and a link target: the input to change when the form
        can be changed, else the question's table."""
        questions = {question.code: question for question in self.questions}
        rows = []
        for issue in self.blocking():
            question = questions.get(issue.question)
            name = field_name("c" if issue.target == "comment" else "v", issue.cell)
            rows.append(
                {
                    "issue": issue,
                    "label": question.label if question else issue.question,
                    "breakdown": question.breakdown_label(issue.breakdown)
                    if question and issue.breakdown
                    else "",
                    "anchor": f"id_{name}" if name in self.fields else f"question-{issue.question}",
                }
            )
        return rows

    def layout(self) -> list[SectionBlock]:
        by_cell: dict[Cell, list[Issue]] = {}
        for issue in self.issues:
            by_cell.setdefault(issue.cell, []).append(issue)
        sections: dict[int, SectionBlock] = {}
        for question in self.questions:
            block = QuestionBlock(question, [])
            for code in question.breakdown_codes():
                cell = (question.code, code)
                state = self.states.get(cell, CellState())
                value_name, comment_name = field_name("v", cell), field_name("c", cell)
                shown = (
                    question.choice_label(state.text) if question.kind == QuestionKind.CHOICE else state.text
                )
                block.rows.append(
                    CellRow(
                        label=question.breakdown_label(code) if question.dimension else question.label,
                        breakdown=code,
                        value=self[value_name] if value_name in self.fields else None,
                        comment=self[comment_name] if comment_name in self.fields else None,
                        shown_value=format_number(state.number) if state.number is not None else shown,
                        shown_comment=state.comment,
                        prefilled=format_number(state.prefilled),
                        corrected=state.prefilled is not None
                        and state.number is not None
                        and state.number != state.prefilled,
                        messages=by_cell.get(cell, []),
                    )
                )
            sections.setdefault(question.section_id, SectionBlock(question.section, [])).questions.append(
                block
            )
        return list(sections.values())


def _value_field(question: Question, state: CellState) -> forms.Field:
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[("", _("– choose –")), *((str(c), str(label)) for c, label in question.choices)],
            required=False,
            initial=state.text,
            label=question.label,
        )
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            required=False,
            initial=state.text,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
            label=question.label,
        )
    mode = "numeric" if question.kind == QuestionKind.INTEGER else "decimal"
    return forms.CharField(
        required=False,
        initial=format_number(state.number),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": mode, "class": "value-input"}),
        label=question.label,
    )


# --- the form editor ---------------------------------------------------------------------------------------


def _figure_choices() -> list[tuple[str, Any]]:
    return [("", _("Not prefilled")), *((name, name) for name in FIGURES)]


class QuestionForm(forms.Form):
    code = forms.SlugField(
        max_length=60, label=_("Code"), help_text=_("Letters, digits and _; stays the same across versions.")
    )
    label = forms.CharField(max_length=300, label=_("Question"))
    help_text = forms.CharField(
        required=False, label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(choices=QuestionKind.choices, label=_("Kind"))
    dimension = forms.ChoiceField(
        choices=[("", _("No breakdown")), *Dimension.choices], required=False, label=_("Broken down by")
    )
    required = forms.BooleanField(required=False, initial=True, label=_("Required"))
    min_value = forms.DecimalField(required=False, label=_("Minimum"))
    max_value = forms.DecimalField(required=False, label=_("Maximum"))
    choices = forms.CharField(
        required=False,
        label=_("Choices"),
        help_text=_("One per line as code=label, for a choice question."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    prefill = forms.ChoiceField(required=False, label=_("Prefilled from"))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["prefill"]).choices = _figure_choices()
        if editing:
            self.fields["code"].disabled = True

    def clean_choices(self) -> list[list[str]]:
        lines = [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]
        pairs = []
        for line in lines:
            code, _sep, label = line.partition("=")
            if not code.strip() or not label.strip():
                raise forms.ValidationError(_("Write each choice as code=label."))
            pairs.append([code.strip(), label.strip()])
        return pairs

    def document(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "label": data["label"],
            "help_text": data.get("help_text", ""),
            "kind": data["kind"],
            "dimension": data.get("dimension", ""),
            "required": bool(data.get("required")),
            "min_value": _plain(data.get("min_value")),
            "max_value": _plain(data.get("max_value")),
            "choices": data.get("choices", []),
            "prefill": data.get("prefill", ""),
        }

    @staticmethod
    def initial_for(question: dict[str, Any]) -> dict[str, Any]:
        return {
            **question,
            "choices": "\n".join(f"{code}={label}" for code, label in question.get("choices", [])),
        }


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format_number(value)


class SectionForm(forms.Form):
    code = forms.SlugField(max_length=50, label=_("Code"))
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        required=False, label=_("Description"), widget=forms.Textarea(attrs={"rows": 2})
    )
    audience = forms.ChoiceField(choices=Audience.choices, label=_("Filled in by"))


class RuleForm(forms.Form):
    kind = forms.ChoiceField(choices=RuleKind.choices, label=_("Kind"))
    left = forms.MultipleChoiceField(label=_("Questions"), widget=forms.CheckboxSelectMultiple)
    right = forms.ChoiceField(label=_("Compared with"))
    message = forms.CharField(max_length=300, required=False, label=_("Message when the rule is broken"))

    def __init__(self, *args: Any, numeric_questions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["left"]).choices = numeric_questions
        cast(forms.ChoiceField, self.fields["right"]).choices = numeric_questions
