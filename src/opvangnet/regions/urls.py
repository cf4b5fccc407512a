from django.urls import path

from opvangnet.regions import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.region_list, name="regions"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/contacts/", views.contacts, name="contacts"),
    path("locations/", views.location_list, name="locations"),
    path("locations/<int:pk>/address/", views.reveal_address, name="reveal_address"),
    path("locations/<int:pk>/secrecy/", views.address_secrecy, name="address_secrecy"),
]
