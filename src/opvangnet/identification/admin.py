"""Admin for the indicator checklist only. Cases, person data, views and opinions are deliberately not
registered: the administrator never sees the content of an identification case."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from opvangnet.identification import services
from opvangnet.identification.models import ChecklistVersion, Indicator


class IndicatorInline(admin.TabularInline[Indicator, ChecklistVersion]):
    model = Indicator
    extra = 0
    fields = ["position", "code", "cluster", "label_nl", "label_en", "exploitation_type", "audience"]

    def _editable(self, obj: ChecklistVersion | None) -> bool:
        return obj is None or not obj.is_published()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(admin.ModelAdmin[ChecklistVersion]):
    list_display = ["number", "title", "published_at"]
    inlines = [IndicatorInline]
    actions = ["draft_from", "publish"]
    readonly_fields = ["number", "published_at"]

    def has_change_permission(self, request: HttpRequest, obj: ChecklistVersion | None = None) -> bool:
        if obj is not None and obj.is_published():
            return False  # published versions are kept as used by assessments
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ChecklistVersion | None = None) -> bool:
        return (obj is None or not obj.is_published()) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a new version starts as a copy of an existing one (the action below)

    @admin.action(description=_("Make a new draft version from the selected version"))
    def draft_from(self, request: HttpRequest, queryset: QuerySet[ChecklistVersion]) -> None:
        for version in queryset.order_by("number"):
            draft = services.draft_checklist_version(request.user, version)  # type: ignore[arg-type]
            self.message_user(
                request, _("Draft version %(n)s created.") % {"n": draft.number}, messages.SUCCESS
            )

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ChecklistVersion]) -> None:
        for version in queryset.order_by("number"):
            try:
                services.publish_checklist_version(request.user, version)  # type: ignore[arg-type]
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("Version %(n)s published.") % {"n": version.number}, messages.SUCCESS
                )
