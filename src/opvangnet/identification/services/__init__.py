"""Every change of state in victim-status assessment, one verb each, split by subject.

Each verb takes the acting user first, runs in one transaction, locks the case (or application) row where two
users could race, moves a case only through `CASE_WORKFLOW`, and writes its own audit entry. Audit details
never hold person data or reasons: only codes and ids. Pages, API and commands call these functions; none of
them writes the models directly.
"""

from opvangnet.identification.services.access_request import export_for_access_request, person_file
from opvangnet.identification.services.applications import (
    ApplicationInput,
    ConsentInput,
    PersonInput,
    RepresentativeInput,
    add_representative,
    allowed_applicant_kinds,
    allowed_referrer_kinds,
    determine_age,
    end_representative,
    record_consent,
    record_reflection_period,
    submit_application,
    view_person_data,
    withdraw_application,
    withdraw_consent,
)
from opvangnet.identification.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    add_attachment,
    read_attachment,
)
from opvangnet.identification.services.checklist import draft_checklist_version, publish_checklist_version
from opvangnet.identification.services.committee import (
    MIN_COMMITTEE_SIZE,
    AnswerInput,
    Seat,
    form_committee,
    form_reassessment_committee,
    indicators_for,
    is_chair,
    membership,
    record_assessment,
    request_reassessment,
    start_deliberation,
    validate_committee,
    visible_assessments,
    waive_hearing,
)
from opvangnet.identification.services.consultations import answer_consultation, ask_consultation
from opvangnet.identification.services.hearings import (
    RESUME_STATES,
    adjourn,
    cancel_hearing,
    plan_hearing,
    record_hearing,
    record_information_received,
)
from opvangnet.identification.services.keys import rotate_field_key
from opvangnet.identification.services.opinions import (
    give_opinion,
    record_handed_over,
    record_preliminary_opinion,
    record_response,
    send_draft_opinion,
)
from opvangnet.identification.services.reminders import send_deadline_reminders
from opvangnet.identification.services.sharing import (
    build_ind_record,
    ind_identifiers,
    ind_report_pdf,
    ind_status_label,
    opinion_letter_pdf,
    read_ind_record,
    transmit_to_ind,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MIN_COMMITTEE_SIZE",
    "RESUME_STATES",
    "AnswerInput",
    "ApplicationInput",
    "ConsentInput",
    "PersonInput",
    "RepresentativeInput",
    "Seat",
    "add_attachment",
    "add_representative",
    "adjourn",
    "allowed_applicant_kinds",
    "allowed_referrer_kinds",
    "answer_consultation",
    "ask_consultation",
    "build_ind_record",
    "cancel_hearing",
    "determine_age",
    "draft_checklist_version",
    "end_representative",
    "export_for_access_request",
    "form_committee",
    "form_reassessment_committee",
    "give_opinion",
    "ind_identifiers",
    "ind_report_pdf",
    "ind_status_label",
    "indicators_for",
    "is_chair",
    "membership",
    "opinion_letter_pdf",
    "person_file",
    "plan_hearing",
    "publish_checklist_version",
    "read_attachment",
    "read_ind_record",
    "record_assessment",
    "record_consent",
    "record_handed_over",
    "record_hearing",
    "record_information_received",
    "record_preliminary_opinion",
    "record_reflection_period",
    "record_response",
    "request_reassessment",
    "rotate_field_key",
    "send_deadline_reminders",
    "send_draft_opinion",
    "start_deliberation",
    "submit_application",
    "transmit_to_ind",
    "validate_committee",
    "view_person_data",
    "visible_assessments",
    "waive_hearing",
    "withdraw_application",
    "withdraw_consent",
]
