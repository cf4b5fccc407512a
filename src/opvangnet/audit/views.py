from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from opvangnet.audit.models import AuditEntry

PAGE_SIZE = 100


class AuditFilter(forms.Form):
    actor = forms.CharField(label=_("Who"), max_length=150, required=False)
    action = forms.CharField(label=_("Action"), max_length=80, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
@permission_required("audit.view_audit_log", raise_exception=True)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who did what when, for the administrator: never the reason or details, which may describe a case."""
    form = AuditFilter(request.GET or None)
    entries = AuditEntry.objects.only("created_at", "actor_name", "action", "target_type", "target_id")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_name=data["actor"])
        if data["action"]:
            entries = entries.filter(action__startswith=data["action"])
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
    page = Paginator(entries.order_by("-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
