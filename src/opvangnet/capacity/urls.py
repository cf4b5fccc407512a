from django.urls import path

from opvangnet.capacity import views

app_name = "capacity"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("print/", views.overview_print, name="print"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("mine/", views.my_offers, name="mine"),
    path("offers/new/", views.offer_edit, name="offer_new"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/availability/", views.update_availability, name="availability"),
    path("offers/<int:pk>/confirm/", views.confirm_availability, name="confirm"),
    path("import/", views.import_offers_view, name="import"),
    path("import/template.<str:extension>", views.import_template, name="import_template"),
]
