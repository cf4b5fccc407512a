from django.urls import path

from opvangnet.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("regions/<str:code>/", views.region, name="region"),
    path("gaps/", views.gaps, name="gaps"),
    path("map/", views.region_map, name="map"),
    path("flow/", views.flow, name="flow"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("research.csv", views.research_csv, name="research_csv"),
]
