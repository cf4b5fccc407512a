"""A form as a plain document: load one into a new version, write a version out, copy a version.

The document is JSON (see `data/default_form.json`):

    {"code": "...", "name": "...", "description": "...",
     "sections": [{"code", "title", "description", "audience",
                   "questions": [{"code", "label", "help_text", "kind", "dimension", "required",
                                  "min_value", "max_value", "choices": [[code, label], ...], "prefill"}]}],
     "rules": [{"kind", "left": [question codes], "right": question code, "message"}]}

Question codes are unique within a form and stay the same from version to version: figures are compared
across rounds by code.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from opvangnet.collection.models import (
    Audience,
    CollectionForm,
    Dimension,
    FormVersion,
    Question,
    QuestionKind,
    Rule,
    RuleKind,
    Section,
)
from opvangnet.collection.prefill import FIGURES

if TYPE_CHECKING:
    from opvangnet.accounts.models import User

DEFAULT_FORM = Path(__file__).resolve().parent / "data" / "default_form.json"


def default_definition() -> dict[str, Any]:
    return dict(json.loads(DEFAULT_FORM.read_text(encoding="utf-8")))


def _decimal(value: Any, where: str, errors: list[str]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors.append(_("%(where)s: %(value)s is not a number.") % {"where": where, "value": value})
        return None


def check_definition(data: dict[str, Any]) -> list[str]:
    """Every problem of a form document, in words; empty when it can be loaded."""
    errors: list[str] = []
    if not data.get("code") or not data.get("name"):
        errors.append(_("A form needs a code and a name."))
    codes: dict[str, dict[str, Any]] = {}
    section_codes: set[str] = set()
    for section in data.get("sections", []):
        if not section.get("code") or section["code"] in section_codes:
            errors.append(_("Every section needs its own code."))
        section_codes.add(section.get("code", ""))
        if section.get("audience", Audience.REGION) not in Audience.values:
            errors.append(_("Section %(code)s: unknown audience.") % {"code": section.get("code")})
        for question in section.get("questions", []):
            code = question.get("code", "")
            where = _("Question %(code)s") % {"code": code}
            if not code or slugify(code).replace("-", "_") != code.replace("-", "_") or code in codes:
                errors.append(
                    _("%(where)s: every question needs its own code (letters, digits, _).") % {"where": where}
                )
            codes[code] = question
            if question.get("kind") not in QuestionKind.values:
                errors.append(_("%(where)s: unknown kind.") % {"where": where})
            dimension = question.get("dimension") or ""
            if dimension and dimension not in Dimension.values:
                errors.append(_("%(where)s: unknown breakdown.") % {"where": where})
            if dimension and question.get("kind") not in (QuestionKind.INTEGER, QuestionKind.PERCENTAGE):
                errors.append(_("%(where)s: only numbers can be broken down.") % {"where": where})
            if question.get("kind") == QuestionKind.CHOICE and not question.get("choices"):
                errors.append(_("%(where)s: a choice question needs choices.") % {"where": where})
            if question.get("prefill") and question["prefill"] not in FIGURES:
                errors.append(_("%(where)s: unknown prefilled figure.") % {"where": where})
            _decimal(question.get("min_value"), where, errors)
            _decimal(question.get("max_value"), where, errors)
    for rule in data.get("rules", []):
        if rule.get("kind") not in RuleKind.values:
            errors.append(_("A rule has an unknown kind."))
            continue
        for code in [*rule.get("left", []), rule.get("right", "")]:
            question = codes.get(code)
            if question is None:
                errors.append(_("A rule names an unknown question: %(code)s.") % {"code": code})
            elif question.get("kind") not in (QuestionKind.INTEGER, QuestionKind.PERCENTAGE):
                errors.append(_("A rule compares numbers only: %(code)s is not a number.") % {"code": code})
        if rule.get("kind") == RuleKind.BREAKDOWN_SUM:
            question = codes.get(rule.get("right", ""))
            if question is not None and not question.get("dimension"):
                errors.append(
                    _("Question %(code)s has no breakdown to add up.") % {"code": rule.get("right")}
                )
    return errors


@transaction.atomic
def load_definition(
    data: dict[str, Any], *, actor: User | None = None, based_on: FormVersion | None = None
) -> FormVersion:
    """Create the next version of the form named by `data["code"]` (the form itself when new).

    Raises ValidationError listing every problem; writes nothing then."""
    errors = check_definition(data)
    if errors:
        raise ValidationError(errors)
    form, _created = CollectionForm.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"], "description": data.get("description", "")}
    )
    if not _created:
        form.name, form.description = data["name"], data.get("description", "")
        form.save(update_fields=["name", "description"])
    CollectionForm.objects.select_for_update().filter(pk=form.pk).first()
    number = (form.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = FormVersion.objects.create(
        form=form,
        number=number,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        based_on=based_on,
    )
    _fill(version, data)
    return version


def _fill(version: FormVersion, data: dict[str, Any]) -> None:
    for section_position, section_data in enumerate(data.get("sections", [])):
        section = Section.objects.create(
            version=version,
            code=section_data["code"],
            title=section_data.get("title", section_data["code"]),
            description=section_data.get("description", ""),
            audience=section_data.get("audience", Audience.REGION),
            position=section_position,
        )
        Question.objects.bulk_create(
            [
                Question(
                    section=section,
                    code=question["code"],
                    label=question.get("label", question["code"]),
                    help_text=question.get("help_text", ""),
                    kind=question["kind"],
                    dimension=question.get("dimension") or "",
                    required=question.get("required", True),
                    min_value=_decimal(question.get("min_value"), "", []),
                    max_value=_decimal(question.get("max_value"), "", []),
                    choices=[list(choice) for choice in question.get("choices", [])],
                    prefill=question.get("prefill", ""),
                    position=position,
                )
                for position, question in enumerate(section_data.get("questions", []))
            ]
        )
    Rule.objects.bulk_create(
        [
            Rule(
                version=version,
                kind=rule["kind"],
                left=list(rule.get("left", [])),
                right=rule["right"],
                message=rule.get("message", ""),
            )
            for rule in data.get("rules", [])
        ]
    )


@transaction.atomic
def replace_content(version: FormVersion, data: dict[str, Any]) -> FormVersion:
    """Rewrite a version no round uses yet (its questions have no answers) from a document."""
    errors = check_definition(data)
    if errors:
        raise ValidationError(errors)
    if version.is_in_use():
        raise ValidationError(_("A version that a round uses never changes."))
    form = version.form
    form.name, form.description = data["name"], data.get("description", "")
    form.save(update_fields=["name", "description"])
    version.rules.all().delete()
    version.sections.all().delete()
    _fill(version, data)
    return version


def _plain(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def definition_of(version: FormVersion) -> dict[str, Any]:
    """The version as a document that `load_definition` accepts (three queries)."""
    form = version.form
    sections = list(version.sections.prefetch_related("questions"))
    return {
        "code": form.code,
        "name": form.name,
        "description": form.description,
        "sections": [
            {
                "code": section.code,
                "title": section.title,
                "description": section.description,
                "audience": section.audience,
                "questions": [
                    {
                        "code": question.code,
                        "label": question.label,
                        "help_text": question.help_text,
                        "kind": question.kind,
                        "dimension": question.dimension,
                        "required": question.required,
                        "min_value": _plain(question.min_value),
                        "max_value": _plain(question.max_value),
                        "choices": question.choices,
                        "prefill": question.prefill,
                    }
                    for question in section.questions.all()
                ],
            }
            for section in sections
        ],
        "rules": [
            {"kind": rule.kind, "left": rule.left, "right": rule.right, "message": rule.message}
            for rule in version.rules.all()
        ],
    }


def load_default_form(actor: User | None = None) -> FormVersion:
    """The national form that ships with Opvangnet; loads it once (returns the latest version after that)."""
    data = default_definition()
    form = CollectionForm.objects.filter(code=data["code"]).first()
    if form is not None and (latest := form.latest_version()) is not None:
        return latest
    return load_definition(data, actor=actor)
