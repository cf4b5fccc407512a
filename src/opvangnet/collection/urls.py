from django.urls import path

from opvangnet.collection import form_views, views

app_name = "collection"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/completeness/", views.completeness, name="completeness"),
    path("rounds/<int:pk>/export.csv", views.round_export, {"extension": "csv"}, name="export_csv"),
    path("rounds/<int:pk>/export.xlsx", views.round_export, {"extension": "xlsx"}, name="export_xlsx"),
    path("forms/<int:pk>/", views.submission_detail, name="submission"),
    path("forms/<int:pk>/start/", views.submission_start, name="start"),
    path("forms/<int:pk>/submit/", views.submission_submit, name="submit"),
    path("forms/<int:pk>/prefill/", views.submission_prefill, name="prefill"),
    path("forms/<int:pk>/consolidate/", views.submission_consolidate, name="consolidate"),
    path("forms/<int:pk>/approve/", views.submission_approve, name="approve"),
    path("forms/<int:pk>/return/", views.submission_return, name="return"),
    path("forms/<int:pk>/reopen/", views.submission_reopen, name="reopen"),
    path("forms/<int:pk>/invite/", views.submission_invite, name="invite"),
    path("forms/<int:pk>/template.xlsx", views.submission_template, name="template"),
    path("forms/<int:pk>/upload/", views.submission_upload, name="upload"),
    path("forms/<int:pk>/history/", views.submission_history, name="history"),
    path("contributions/", views.contribution_list, name="contributions"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution"),
    path("contributions/<int:pk>/submit/", views.contribution_submit, name="contribution_submit"),
    path("contributions/<int:pk>/return/", views.contribution_return, name="contribution_return"),
    path("definitions/", form_views.form_list, name="forms"),
    path("definitions/versions/<int:pk>/", form_views.version_detail, name="version"),
    path("definitions/versions/<int:pk>/definition.json", form_views.version_definition, name="version_json"),
    path("definitions/versions/<int:pk>/sections/new/", form_views.section_add, name="section_add"),
    path(
        "definitions/versions/<int:pk>/sections/<slug:section>/questions/new/",
        form_views.question_add,
        name="question_add",
    ),
    path(
        "definitions/versions/<int:pk>/questions/<slug:code>/", form_views.question_edit, name="question_edit"
    ),
    path(
        "definitions/versions/<int:pk>/questions/<slug:code>/remove/",
        form_views.question_remove,
        name="question_remove",
    ),
    path("definitions/versions/<int:pk>/rules/new/", form_views.rule_add, name="rule_add"),
    path(
        "definitions/versions/<int:pk>/rules/<int:index>/remove/", form_views.rule_remove, name="rule_remove"
    ),
]
