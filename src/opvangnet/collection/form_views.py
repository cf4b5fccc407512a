"""Pages of the form editor (national coordination centre): forms, versions, questions, sections, rules.

Every change goes through `services.revise_form`, which changes the latest version in place while no round
uses it, and otherwise makes the next version; the page then shows the version that holds the change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opvangnet.collection import definitions, services
from opvangnet.collection.access import MANAGE, get_version_for_user, require_any
from opvangnet.collection.forms import QuestionForm, RuleForm, SectionForm
from opvangnet.collection.models import CollectionForm, FormVersion, QuestionKind
from opvangnet.core.forms import add_service_errors


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, MANAGE)
    versions = FormVersion.objects.annotate(used=Count("rounds")).order_by("-number")
    forms = CollectionForm.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by("name")
    return render(request, "collection/form_list.html", {"forms": forms})


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    latest = version.form.latest_version()
    context = {
        "version": version,
        "sections": version.sections.prefetch_related("questions"),
        "rules": version.rules.all(),
        "is_latest": latest is not None and latest.pk == version.pk,
        "in_use": version.is_in_use(),
        "rounds": version.rounds.order_by("-period_start"),
    }
    return render(request, "collection/version_detail.html", context)


@login_required
def version_definition(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    document = json.dumps(definitions.definition_of(version), ensure_ascii=False, indent=2)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.form.code}-v{version.number}.json"'
    return response


def _revise(
    request: HttpRequest,
    version: FormVersion,
    change: Callable[[dict[str, Any]], None],
    what: str,
    form: Form | None = None,
) -> HttpResponse | None:
    """Apply a change; on success a redirect to the version holding it, on a refusal None (errors on the form
    or as a message)."""
    try:
        revised = services.revise_form(request.user, version, change, what)  # type: ignore[arg-type]
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("collection:version", pk=version.pk)
        add_service_errors(form, error)
        return None
    if revised.pk != version.pk:
        messages.success(
            request,
            _("A round uses version %(old)s, so your change made version %(new)s.")
            % {"old": version.number, "new": revised.number},
        )
    else:
        messages.success(request, _("Version %(number)s changed.") % {"number": revised.number})
    return redirect("collection:version", pk=revised.pk)


def _question(document: dict[str, Any], code: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for section in document["sections"]:
        for question in section["questions"]:
            if question["code"] == code:
                return section, question
    raise Http404("No such question.")


def _edit(
    request: HttpRequest,
    version: FormVersion,
    form: Form,
    change: Callable[[dict[str, Any]], None],
    what: str,
    title: str,
) -> HttpResponse:
    """The editor's page with one form; a valid POST applies `change` (which reads the form's cleaned data)
    through `_revise`, and a refusal shows on the form."""
    if request.method == "POST" and form.is_valid():
        response = _revise(request, version, change, what, form)
        if response is not None:
            return response
    back = reverse("collection:version", args=[version.pk])
    return render(
        request,
        "collection/editor_form.html",
        {"form": form, "title": title, "back": back, "version": version},
    )


def _remove(
    request: HttpRequest, pk: int, change: Callable[[dict[str, Any]], None], what: str
) -> HttpResponse:
    """A button that takes something out of the version; a refusal shows as a message."""
    version = get_version_for_user(request.user, pk)
    return _revise(request, version, change, what) or redirect("collection:version", pk=version.pk)


@login_required
def question_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    _section, current = _question(definitions.definition_of(version), code)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(current), editing=True)

    def change(document: dict[str, Any]) -> None:
        _question(document, code)[1].update({**form.document(), "code": code})

    return _edit(
        request, version, form, change, "edit_question", _("Change question %(code)s") % {"code": code}
    )


@login_required
def question_add(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    if not version.sections.filter(code=section).exists():
        raise Http404("No such section.")
    form = QuestionForm(request.POST or None)

    def change(document: dict[str, Any]) -> None:
        target = next(s for s in document["sections"] if s["code"] == section)
        target["questions"].append(form.document())

    return _edit(request, version, form, change, "add_question", _("Add a question"))


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    def change(document: dict[str, Any]) -> None:
        section, question = _question(document, code)
        section["questions"].remove(question)
        document["rules"] = [
            rule for rule in document["rules"] if code not in rule["left"] and rule["right"] != code
        ]

    return _remove(request, pk, change, "remove_question")


@login_required
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    form = SectionForm(request.POST or None)

    def change(document: dict[str, Any]) -> None:
        document["sections"].append({**form.cleaned_data, "questions": []})

    return _edit(request, version, form, change, "add_section", _("Add a section"))


@login_required
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    numeric = [
        (question.code, f"{question.code} – {question.label}")
        for section in version.sections.prefetch_related("questions")
        for question in section.questions.all()
        if question.kind in (QuestionKind.INTEGER, QuestionKind.PERCENTAGE)
    ]
    form = RuleForm(request.POST or None, numeric_questions=numeric)

    def change(document: dict[str, Any]) -> None:
        data = form.cleaned_data
        rule = {
            "kind": data["kind"],
            "left": data["left"],
            "right": data["right"],
            "message": data["message"],
        }
        document["rules"].append(rule)

    return _edit(request, version, form, change, "add_rule", _("Add a rule"))


@login_required
@require_POST
def rule_remove(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    def change(document: dict[str, Any]) -> None:
        if not 0 <= index < len(document["rules"]):
            raise ValidationError(_("No such rule."))
        del document["rules"][index]

    return _remove(request, pk, change, "remove_rule")
