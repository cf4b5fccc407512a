from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "region", "organisation", "is_active"]
    list_filter = ["role", "is_active", "region"]
    list_select_related = ["region", "organisation"]
    autocomplete_fields = ["region", "organisation", "municipality"]
    fieldsets: ClassVar[Any] = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role and scope"), {"fields": ("role", "region", "organisation", "municipality")}),
    )
    add_fieldsets: Any = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "region", "organisation", "municipality")}),
    )

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        # Only a superuser may hand out superuser status or extra permissions; roles carry the rest.
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "groups", "user_permissions"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]
