from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("opvangnet.accounts.urls")),
    path("", include("opvangnet.regions.urls")),
    path("capacity/", include("opvangnet.capacity.urls")),
    path("placement/", include("opvangnet.placement.urls")),
    path("identification/", include("opvangnet.identification.urls")),
    path("insights/", include("opvangnet.insights.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("opvangnet.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
