from django.urls import path

from opvangnet.worklist import views

app_name = "worklist"

urlpatterns = [
    path("", views.home, name="home"),
]
