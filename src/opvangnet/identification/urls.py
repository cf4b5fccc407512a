from django.urls import path

from opvangnet.identification.views import applications, cases, misc, sharing, steps

app_name = "identification"

urlpatterns = [
    path("", applications.application_list, name="applications"),
    path("applications/new/", applications.application_create, name="submit"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/committee/", applications.form_committee, name="form_committee"),
    path("applications/<int:pk>/consents/new/", applications.consent_create, name="consent_add"),
    path(
        "applications/<int:pk>/consents/<int:consent_pk>/withdraw/",
        applications.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "applications/<int:pk>/representatives/new/",
        applications.representative_create,
        name="representative_add",
    ),
    path(
        "applications/<int:pk>/representatives/<int:representative_pk>/end/",
        applications.representative_end,
        name="representative_end",
    ),
    path(
        "applications/<int:pk>/reflection-period/",
        applications.reflection_period_create,
        name="reflection_period",
    ),
    path("applications/<int:pk>/age/", applications.age_determination, name="age"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/access-request/", applications.access_request_export, name="export"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/deadlines/", cases.dashboard, name="dashboard"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/person/", cases.person_data, name="person"),
    path("cases/<int:pk>/placement-link/", cases.placement_link, name="placement_link"),
    path("cases/<int:pk>/attachments/", cases.attachment_list, name="attachments"),
    path("cases/<int:pk>/attachments/<int:attachment_pk>/", cases.attachment_download, name="attachment"),
    path("cases/<int:pk>/assessment/", cases.assessment_create, name="assess"),
    path("cases/<int:pk>/hearing-declined/", cases.hearing_waive, name="hearing_waive"),
    path("cases/<int:pk>/deliberation/", cases.deliberation_start, name="deliberate"),
    path("cases/<int:pk>/reassessment/", cases.reassessment_request, name="reassessment"),
    path(
        "cases/<int:pk>/reassessment-committee/", cases.reassessment_committee, name="reassessment_committee"
    ),
    path("cases/<int:pk>/hearings/new/", steps.hearing_plan, name="hearing_plan"),
    path("cases/<int:pk>/hearings/<int:hearing_pk>/minutes/", steps.hearing_minutes, name="hearing_minutes"),
    path("cases/<int:pk>/hearings/<int:hearing_pk>/cancel/", steps.hearing_cancel, name="hearing_cancel"),
    path("cases/<int:pk>/adjourn/", steps.adjourn, name="adjourn"),
    path(
        "cases/<int:pk>/adjournments/<int:adjournment_pk>/received/",
        steps.information_received,
        name="information_received",
    ),
    path("cases/<int:pk>/preliminary-opinion/", steps.preliminary_opinion, name="preliminary_opinion"),
    path("cases/<int:pk>/draft-opinion/", steps.draft_opinion, name="draft_opinion"),
    path("cases/<int:pk>/opinion/", steps.opinion_give, name="opinion"),
    path("cases/<int:pk>/opinions/<int:opinion_pk>/response/", steps.response_create, name="response"),
    path("cases/<int:pk>/opinions/<int:opinion_pk>/letter/", steps.opinion_letter, name="letter"),
    path(
        "cases/<int:pk>/opinions/<int:opinion_pk>/handed-over/", steps.opinion_handed_over, name="handed_over"
    ),
    path("cases/<int:pk>/ind/", steps.ind_transmit, name="transmit"),
    path("ind/", sharing.ind_overview, name="ind"),
    path("ind/<int:pk>/", sharing.ind_application, name="ind_application"),
    path("ind/transmissions/<int:pk>/pdf/", sharing.ind_transmission_pdf, name="ind_pdf"),
    path("ind/transmissions/<int:pk>/record/", sharing.ind_transmission_record, name="ind_record"),
    path("reports/", misc.report, name="report"),
    path("privacy/", misc.processing_register, name="privacy"),
    path("consultations/", misc.consultation_list, name="consultations"),
    path("consultations/new/", misc.consultation_create, name="ask"),
    path("consultations/<int:pk>/", misc.consultation_detail, name="consultation"),
]
