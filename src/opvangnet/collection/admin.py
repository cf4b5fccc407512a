"""Read-only views for operators (superusers); forms, rounds and answers change only through the services."""

from typing import Any

from django.contrib import admin

from opvangnet.collection.models import DataValueChange, Round, Submission


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["__str__", "period_kind", "period_start", "deadline", "opened_at"]
    list_filter = ["period_kind"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ["round", "region", "status", "first_submitted_at", "approved_at", "warnings"]
    list_filter = ["status", "round"]
    list_select_related = ["round__form_version__form", "region"]


@admin.register(DataValueChange)
class DataValueChangeAdmin(ReadOnly):
    list_display = ["changed_at", "value", "source", "old_value", "new_value"]
    list_filter = ["source"]
    list_select_related = ["value__question"]
