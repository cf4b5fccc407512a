from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from opvangnet.accounts import views

app_name = "accounts"

urlpatterns = [
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<str:digest>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("second-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/role/", views.change_role, name="change_role"),
    path("users/<int:pk>/second-factor/reset/", views.reset_second_factor, name="reset_second_factor"),
    path("users/<int:pk>/unlock/", views.unlock_login, name="unlock_login"),
    path("role-changes/<int:pk>/<str:decision>/", views.decide_role_change, name="decide_role_change"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
