from django.urls import path

from opvangnet.operations import health

app_name = "operations"

urlpatterns = [path("health/", health.health, name="health")]
