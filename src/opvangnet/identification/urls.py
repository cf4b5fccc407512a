from django.urls import path

from opvangnet.identification import views

app_name = "identification"

urlpatterns = [
    path("", views.referral_list, name="referrals"),
    path("referrals/new/", views.referral_create, name="refer"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/open/", views.case_open, name="open_case"),
    path("referrals/<int:pk>/reconsideration/", views.reconsideration_request, name="reconsider"),
    path("cases/", views.case_list, name="cases"),
    path("cases/deadlines/", views.dashboard, name="dashboard"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/person/", views.person_data, name="person"),
    path("cases/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("cases/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("cases/<int:pk>/assessment/", views.assessment_create, name="assess"),
    path("cases/<int:pk>/decision/", views.decision_create, name="decide"),
    path("cases/<int:pk>/final-stage/", views.final_stage, name="final_stage"),
    path("cases/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("cases/<int:pk>/reconsideration-panel/", views.reconsideration_panel, name="reconsideration_panel"),
    path("ind/", views.ind_outcomes, name="ind"),
    path("reports/", views.report, name="report"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="ask"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
]
