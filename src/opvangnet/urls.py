from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from opvangnet.core.views import favicon

admin.site.site_header = _("Opvangnet administration")
admin.site.site_title = _("Opvangnet administration")
admin.site.index_title = _("Reference data and users")

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", include("opvangnet.worklist.urls")),  # the start page: each role's work list
    path("", include("opvangnet.accounts.urls")),
    path("", include("opvangnet.regions.urls")),
    path("capacity/", include("opvangnet.capacity.urls")),
    path("placement/", include("opvangnet.placement.urls")),
    path("identification/", include("opvangnet.identification.urls")),
    path("planning/", include("opvangnet.planning.urls")),
    path("collection/", include("opvangnet.collection.urls")),
    path("insights/", include("opvangnet.insights.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("opvangnet.audit.urls")),
    # One way in, with lockout and the second factor: the admin's own login form is not used.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("", include("opvangnet.operations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("opvangnet.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
