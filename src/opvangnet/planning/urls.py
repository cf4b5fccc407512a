from django.urls import path

from opvangnet.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("forecast/", views.forecast_view, name="forecast"),
    path("compare/", views.compare, name="compare"),
    path("scenarios/new/", views.new_scenario, name="new"),
    path("scenarios/<int:pk>/", views.detail, name="detail"),
    path("scenarios/<int:pk>/progress/", views.progress, name="progress"),
    path("scenarios/<int:pk>/delete/", views.delete, name="delete"),
    path("scenarios/<int:pk>/export.<str:fmt>", views.export, name="export"),
]
