from django.urls import path

from opvangnet.placement import views

app_name = "placement"

urlpatterns = [
    path("", views.waiting_list, name="waiting_list"),
    path("assign/", views.apply_assignment, name="apply_assignment"),
    path("new/", views.intake, name="intake"),
    path("new/candidates/", views.intake_candidates, name="intake_candidates"),
    path("requests/<int:pk>/", views.detail, name="detail"),
    path("requests/<int:pk>/propose/<int:offer_pk>/", views.propose, name="propose"),
    path("requests/<int:pk>/client-declined/", views.client_declined, name="client_declined"),
    path("requests/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("requests/<int:pk>/intake/", views.record_intake, name="record_intake"),
    path("requests/<int:pk>/exit/", views.record_exit, name="record_exit"),
    path("requests/<int:pk>/address/", views.reveal_address, name="reveal_address"),
    path("inbox/", views.inbox, name="inbox"),
    path("proposals/<int:pk>/accept/", views.accept, name="accept"),
    path("proposals/<int:pk>/decline/", views.decline, name="decline"),
    path("refusals/", views.refusals, name="refusals"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.notices_read, name="notices_read"),
    path("proposals/<int:pk>/handover/", views.handover_note, name="handover_note"),
]
