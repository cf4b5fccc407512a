from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts.models import User

# Role, scope and privileges change only through the audited four-eyes service (accounts/services.py).
_PRIVILEGE_FIELDS = (
    "role",
    "region",
    "organisation",
    "is_staff",
    "is_superuser",
    "groups",
    "user_permissions",
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "region", "organisation", "is_active"]
    list_filter = ["role", "is_active", "region"]
    list_select_related = ["region", "organisation"]
    fieldsets: ClassVar[Any] = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
        (
            _("Role and scope"),
            {"fields": ("role", "region", "organisation", "municipality", "is_staff", "role_page")},
        ),
    )
    # A new account has no role: it sees nothing until a role is granted on the users page.
    add_fieldsets: Any = DjangoUserAdmin.add_fieldsets
    readonly_fields = (*_PRIVILEGE_FIELDS, "role_page", "last_login", "date_joined")

    @admin.display(description=_("Change role"))
    def role_page(self, obj: User) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("accounts:user_detail", args=[obj.pk]), _("Change role or scope")
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Nobody edits their own account here (not even its name): that is the start of every self-grant.
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_change_permission(request, obj)
