"""Who may open which URL: one table for every named URL pattern and API route, checked by
`tests/test_access_matrix.py` against every role and anonymous.

The columns are the fixed cast (tests/personas.py). The objects belong to Amsterdam (VO04) and shelter A, so
`alice` (coordinator, Amsterdam) and `carol` (shelter A) stand for "own region / own organisation" while `bob`
(coordinator, Rijnmond) and `dave` (shelter B) stand for "another region / organisation". `ada` sits on the
case's panel; `rick` (police) made the referral; `gus` contributes to Amsterdam's data-collection form for the
municipality of Amsterdam.

Cells:
  200 / 201 / 204    exactly that status
  ok                 any success: 2xx, 400 (the request was let in but the empty form is refused) or a redirect
                     that does not lead to the login page
  login              redirect to the login page
  401 403 404 405    exactly that status
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

USERS = ("anon", "alice", "bob", "carol", "dave", "nina", "paul", "ada", "ines", "bea", "rick", "gus")

# name  METHOD  [object]  then one cell per user, in the order of USERS.
TABLE = """
#                                         anon   alice  bob    carol  dave   nina   paul   ada    ines   bea    rick   gus
worklist:home                     GET     200    200    200    200    200    200    200    200    200    200    200    200
accounts:login                    GET     200    200    200    200    200    200    200    200    200    200    200    200
accounts:logout                   POST    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
accounts:password_change          GET     login  200    200    200    200    200    200    200    200    200    200    200
accounts:password_change_done     GET     login  200    200    200    200    200    200    200    200    200    200    200
accounts:second_factor            GET     login  302    302    302    302    302    302    302    302    302    302    302
accounts:second_factor_setup      GET     login  302    302    302    302    302    302    302    302    302    302    302
accounts:backup_codes             POST    login  ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
accounts:api_tokens               GET     login  403    403    200    200    403    403    403    403    403    403    403
accounts:revoke_api_token         POST    login  404    404    ok     404    404    404    404    404    404    404    404    [carol_token]
accounts:users                    GET     login  403    403    403    403    403    403    403    403    200    403    403
accounts:user_detail              GET     login  403    403    403    403    403    403    403    403    200    403    403    [carol]
accounts:change_role              POST    login  403    403    403    403    403    403    403    403    ok     403    403    [carol]
accounts:reset_second_factor      POST    login  403    403    403    403    403    403    403    403    ok     403    403    [carol]
accounts:unlock_login             POST    login  403    403    403    403    403    403    403    403    ok     403    403    [carol]
# bea asked for this grant herself: a second administrator must decide (four eyes).
accounts:decide_role_change       POST    login  403    403    403    403    403    403    403    403    403    403    403    [grant]
regions:regions                   GET     200    200    200    200    200    200    200    200    200    200    200    200
regions:region                    GET     200    200    200    200    200    200    200    200    200    200    200    200    [region]
regions:organisations             GET     200    200    200    200    200    200    200    200    200    200    200    200
regions:contacts                  GET     login  403    403    200    200    403    403    403    403    403    403    403
regions:locations                 GET     200    200    200    200    200    200    200    200    200    200    200    200
regions:reveal_address            GET     login  403    403    403    403    200    403    403    403    403    403    403    [location]
regions:address_secrecy           GET     login  403    403    200    403    200    403    403    403    403    403    403    [location]
capacity:overview                 GET     200    200    200    200    200    200    200    200    200    200    200    200
capacity:print                    GET     200    200    200    200    200    200    200    200    200    200    200    200
capacity:export_csv               GET     login  200    200    200    200    200    200    200    200    200    200    200
capacity:export_xlsx              GET     login  200    200    200    200    200    200    200    200    200    200    200
capacity:mine                     GET     login  403    403    200    200    200    403    403    403    403    403    403
capacity:offer_new                GET     login  403    403    200    200    200    403    403    403    403    403    403
capacity:offer                    GET     200    200    200    200    200    200    200    200    200    200    200    200    [offer]
capacity:offer_edit               GET     login  403    403    200    403    200    403    403    403    403    403    403    [offer]
capacity:availability             POST    login  403    403    ok     403    ok     403    403    403    403    403    403    [offer]
capacity:confirm                  POST    login  403    403    ok     403    ok     403    403    403    403    403    403    [offer]
capacity:import                   GET     login  403    403    200    200    200    403    403    403    403    403    403
# An empty import template (column names and one example row): nothing of anyone's data.
capacity:import_template          GET     login  200    200    200    200    200    200    200    200    200    200    200    [template]
placement:waiting_list            GET     login  200    200    403    403    200    403    403    403    403    403    403
placement:apply_assignment        POST    login  ok     ok     403    403    ok     403    403    403    403    403    403
placement:intake                  GET     login  200    200    403    403    200    403    403    403    403    403    403
placement:intake_candidates       GET     login  200    200    403    403    200    403    403    403    403    403    403
placement:detail                  GET     login  200    404    200    404    200    404    404    404    404    404    404    [request]
placement:propose                 POST    login  ok     404    403    404    ok     404    404    404    404    404    404    [request_offer]
placement:client_declined         POST    login  ok     404    403    404    ok     404    404    404    404    404    404    [request]
placement:cancel                  POST    login  ok     404    403    404    ok     404    404    404    404    404    404    [request]
# The provider records the arrival and the departure of a client placed with it.
placement:record_intake           POST    login  ok     404    ok     404    ok     404    404    404    404    404    404    [request]
placement:record_exit             POST    login  ok     404    ok     404    ok     404    404    404    404    404    404    [request]
placement:reveal_address          POST    login  ok     404    403    404    ok     404    404    404    404    404    404    [request]
placement:inbox                   GET     login  403    403    200    200    403    403    403    403    403    403    403
placement:accept                  POST    login  403    403    ok     404    403    403    403    403    403    403    403    [proposal]
placement:decline                 POST    login  403    403    ok     404    403    403    403    403    403    403    403    [proposal]
placement:refusals                GET     login  200    200    403    403    200    200    403    403    403    403    403
placement:notices                 GET     login  200    200    200    200    200    403    403    403    403    403    403
placement:notices_read            POST    login  ok     ok     ok     ok     ok     403    403    403    403    403    403
placement:handover_note           POST    login  ok     404    403    403    ok     403    403    403    403    403    403    [proposal]
identification:applications       GET     login  200    200    200    200    200    403    200    403    403    200    403
identification:submit             GET     login  200    200    200    200    200    403    403    403    403    200    403
identification:application        GET     login  404    404    404    404    200    403    200    403    403    200    403    [application]
identification:form_committee     GET     login  404    404    404    404    200    403    403    403    403    403    403    [application]
identification:consent_add        GET     login  404    404    404    404    200    403    403    403    403    403    403    [application]
identification:consent_withdraw   GET     login  404    404    404    404    200    403    403    403    403    403    403    [consent]
identification:representative_add GET     login  404    404    404    404    200    403    403    403    403    403    403    [application]
identification:representative_end POST    login  404    404    404    404    ok     403    403    403    403    403    403    [representative]
identification:reflection_period  GET     login  404    404    404    404    200    403    403    403    403    200    403    [application]
identification:age                GET     login  404    404    404    404    200    403    403    403    403    403    403    [application]
identification:withdraw           POST    login  404    404    404    404    ok     403    403    403    403    403    403    [application]
identification:export             GET     login  404    404    404    404    200    403    403    403    403    403    403    [application]
identification:cases              GET     login  403    403    403    403    200    403    200    403    403    403    403
identification:dashboard          GET     login  403    403    403    403    200    403    200    403    403    403    403
identification:case               GET     login  403    403    403    403    200    403    200    403    403    403    403    [case]
identification:placement_link     POST    login  403    403    403    403    ok     403    403    403    403    403    403    [case]
identification:person             GET     login  403    403    403    403    200    403    200    403    403    403    403    [case]
identification:attachments        GET     login  403    403    403    403    200    403    200    403    403    403    403    [case]
identification:attachment         POST    login  403    403    403    403    ok     403    ok     403    403    403    403    [attachment]
identification:assess             GET     login  403    403    403    403    403    403    200    403    403    403    403    [case]
identification:hearing_waive      POST    login  403    403    403    403    ok     403    403    403    403    403    403    [case]
identification:deliberate         POST    login  403    403    403    403    ok     403    403    403    403    403    403    [case]
identification:reassessment       GET     login  403    403    403    403    200    403    403    403    403    403    403    [case]
identification:reassessment_committee GET     login  403    403    403    403    200    403    403    403    403    403    403    [case]
identification:hearing_plan       GET     login  403    403    403    403    200    403    403    403    403    403    403    [case]
identification:hearing_minutes    GET     login  403    403    403    403    200    403    200    403    403    403    403    [hearing]
identification:hearing_cancel     GET     login  403    403    403    403    200    403    403    403    403    403    403    [hearing]
identification:adjourn            GET     login  403    403    403    403    200    403    200    403    403    403    403    [case]
identification:information_received GET     login  403    403    403    403    200    403    200    403    403    403    403    [adjournment]
identification:preliminary_opinion GET     login  403    403    403    403    403    403    200    403    403    403    403    [case]
identification:draft_opinion      GET     login  403    403    403    403    403    403    200    403    403    403    403    [case]
identification:opinion            GET     login  403    403    403    403    403    403    200    403    403    403    403    [case]
identification:response           GET     login  403    403    403    403    404    403    403    403    403    403    403    [opinion]
identification:letter             GET     login  403    403    403    403    200    403    403    403    403    403    403    [opinion]
identification:handed_over        POST    login  403    403    403    403    ok     403    403    403    403    403    403    [opinion]
identification:transmit           GET     login  403    403    403    403    200    403    403    403    403    403    403    [case]
identification:ind                GET     login  403    403    403    403    403    403    403    200    403    403    403
identification:ind_application    GET     login  403    403    403    403    403    403    403    200    403    403    403    [ind_application]
identification:ind_pdf            GET     login  403    403    403    403    403    403    403    200    403    403    403    [transmission]
identification:ind_record         GET     login  403    403    403    403    403    403    403    200    403    403    403    [transmission]
identification:report             GET     login  403    403    403    403    200    200    403    403    403    403    403
identification:privacy            GET     login  200    200    200    200    200    200    200    200    200    200    200
identification:consultations      GET     login  200    200    200    200    200    403    200    403    403    200    403
identification:ask                GET     login  200    200    200    200    200    403    403    403    403    200    403
identification:consultation       GET     login  200    404    404    404    200    403    200    403    403    404    403    [consultation]
audit:log                         GET     login  403    403    403    403    403    403    403    403    200    403    403
# The national picture: the landelijk coördinator exact, the beleidsmaker suppressed; nobody else.
insights:dashboard                GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:region                   GET     login  403    403    403    403    200    200    403    403    403    403    403 [region]
insights:gaps                     GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:map                      GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:flow                     GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:export_csv               GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:export_xlsx              GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:report_pdf               GET     login  403    403    403    403    200    200    403    403    403    403    403
insights:research_csv             GET     login  403    403    403    403    200    403    403    403    403    403    403
picture                           GET     401    403    403    403    403    200    200    403    403    403    403    403
planning:index                    GET     login  403    403    403    403    200    200    403    403    403    403    403
planning:forecast                 GET     login  403    403    403    403    200    200    403    403    403    403    403
planning:compare                  GET     login  403    403    403    403    200    200    403    403    403    403    403
planning:new                      GET     login  403    403    403    403    200    200    403    403    403    403    403
planning:detail                   GET     login  403    403    403    403    200    200    403    403    403    403    403    [scenario]
planning:progress                 GET     login  403    403    403    403    200    200    403    403    403    403    403    [scenario]
planning:delete                   POST    login  403    403    403    403    ok     ok     403    403    403    403    403    [scenario]
planning:export                   GET     login  403    403    403    403    200    200    403    403    403    403    403    [scenario_csv]
# For load balancers: whether the database, migrations and cache work; nothing else.
operations:health                 GET     200    200    200    200    200    200    200    200    200    200    200    200
favicon                           GET     302    302    302    302    302    302    302    302    302    302    302    302
set_language                      POST    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
api-root                          GET     200    200    200    200    200    200    200    200    200    200    200    200
api-schema                        GET     200    200    200    200    200    200    200    200    200    200    200    200
api-docs                          GET     200    200    200    200    200    200    200    200    200    200    200    200
# Matching over the public offers, without a person: any signed-in user.
matches                           POST    401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
region-list                       GET     200    200    200    200    200    200    200    200    200    200    200    200
region-detail                     GET     200    200    200    200    200    200    200    200    200    200    200    200    [region_code]
organisation-list                 GET     200    200    200    200    200    200    200    200    200    200    200    200
organisation-detail               GET     200    200    200    200    200    200    200    200    200    200    200    200    [organisation]
location-list                     GET     200    200    200    200    200    200    200    200    200    200    200    200
location-detail                   GET     200    200    200    200    200    200    200    200    200    200    200    200    [location]
offer-list                        GET     200    200    200    200    200    200    200    200    200    200    200    200
offer-detail                      GET     200    200    200    200    200    200    200    200    200    200    200    200    [offer]
offer-availability                GET     200    200    200    200    200    200    200    200    200    200    200    200    [offer]
offer-availability                PUT     401    403    403    ok     403    ok     403    403    403    403    403    403    [offer]
# Lists are scoped: a role without placement work gets an empty list.
placement-request-list            GET     401    200    200    200    200    200    200    200    200    200    200    200
placement-request-list            POST    401    ok     ok     403    403    ok     403    403    403    403    403    403
placement-request-detail          GET     401    200    404    200    404    200    404    404    404    404    404    404    [request]
placement-request-cancel          POST    401    ok     404    403    403    ok     403    403    403    403    403    403    [request]
placement-request-declined-by-client POST    401    ok     404    403    403    ok     403    403    403    403    403    403    [request]
placement-request-exit            POST    401    ok     404    ok     404    ok     404    404    404    404    404    404    [request]
placement-request-intake          POST    401    ok     404    ok     404    ok     404    404    404    404    404    404    [request]
placement-request-propose         POST    401    ok     404    403    403    ok     403    403    403    403    403    403    [request]
proposal-list                     GET     401    200    200    200    200    200    200    200    200    200    200    200
proposal-accept                   POST    401    403    403    ok     404    403    403    403    403    403    403    403    [proposal]
proposal-decline                  POST    401    403    403    ok     404    403    403    403    403    403    403    403    [proposal]

collection:rounds                 GET     login  200    200    403    403    200    403    403    403    403    403    403
collection:round_new              GET     login  403    403    403    403    200    403    403    403    403    403    403
collection:round                  GET     login  200    200    403    403    200    403    403    403    403    403    403    [round]
collection:completeness           GET     login  403    403    403    403    200    403    403    403    403    403    403    [round]
collection:export_csv             GET     login  200    200    403    403    200    403    403    403    403    403    403    [round]
collection:export_xlsx            GET     login  200    200    403    403    200    403    403    403    403    403    403    [round]
collection:submission             GET     login  200    404    403    403    200    403    403    403    403    403    403    [submission]
collection:start                  POST    login  ok     404    403    403    403    403    403    403    403    403    403    [submission]
collection:submit                 POST    login  ok     404    403    403    403    403    403    403    403    403    403    [submission]
collection:prefill                POST    login  ok     404    403    403    403    403    403    403    403    403    403    [submission]
collection:consolidate            POST    login  ok     404    403    403    403    403    403    403    403    403    403    [submission]
collection:approve                POST    login  403    403    403    403    ok     403    403    403    403    403    403    [submission]
collection:return                 GET     login  403    403    403    403    200    403    403    403    403    403    403    [submission]
collection:reopen                 GET     login  403    403    403    403    200    403    403    403    403    403    403    [submission]
collection:invite                 GET     login  200    404    403    403    403    403    403    403    403    403    403    [submission]
collection:template               GET     login  200    404    403    403    200    403    403    403    403    403    403    [submission]
collection:upload                 GET     login  200    404    403    403    403    403    403    403    403    403    403    [submission]
collection:history                GET     login  200    404    403    403    200    403    403    403    403    403    403    [submission]
collection:contributions          GET     login  200    200    403    403    200    403    403    403    403    403    200
collection:contribution           GET     login  200    404    403    403    200    403    403    403    403    403    200    [contribution]
collection:contribution_submit    POST    login  403    404    403    403    403    403    403    403    403    403    ok     [contribution]
collection:contribution_return    GET     login  200    404    403    403    403    403    403    403    403    403    403    [contribution]
collection:forms                  GET     login  403    403    403    403    200    403    403    403    403    403    403
collection:version                GET     login  403    403    403    403    200    403    403    403    403    403    403    [version]
collection:version_json           GET     login  403    403    403    403    200    403    403    403    403    403    403    [version]
collection:section_add            GET     login  403    403    403    403    200    403    403    403    403    403    403    [version]
collection:question_add           GET     login  403    403    403    403    200    403    403    403    403    403    403    [version_section]
collection:question_edit          GET     login  403    403    403    403    200    403    403    403    403    403    403    [version_question]
collection:question_remove        POST    login  403    403    403    403    ok     403    403    403    403    403    403    [version_question]
collection:rule_add               GET     login  403    403    403    403    200    403    403    403    403    403    403    [version]
collection:rule_remove            POST    login  403    403    403    403    ok     403    403    403    403    403    403    [version_rule]
collection-round-list             GET     401    200    200    403    403    200    403    403    403    403    403    403
collection-round-detail           GET     401    200    200    403    403    200    403    403    403    403    403    403    [round]
collection-submission-list        GET     401    200    200    403    403    200    403    403    403    403    403    403
collection-submission-detail      GET     401    200    404    403    403    200    403    403    403    403    403    403    [submission]
collection-contribution-list      GET     401    200    200    403    403    200    403    403    403    403    403    200
collection-contribution-detail    GET     401    200    404    403    403    200    403    403    403    403    403    200    [contribution]
collection-data-value-sets        GET     401    400    400    403    403    400    403    403    403    403    403    400
collection-data-value-sets        POST    401    ok     ok     403    403    ok     403    403    403    403    403    ok


identification-application-list   GET     401    200    200    200    200    200    403    200    403    403    200    403
identification-application-list   POST    401    ok     ok     ok     ok     ok     403    403    403    403    ok     403
identification-application-detail GET     401    404    404    404    404    200    403    200    403    403    200    403    [application]
identification-case-list          GET     401    403    403    403    403    200    403    200    403    403    403    403
identification-case-detail        GET     401    403    403    403    403    200    403    200    403    403    403    403    [case]
identification-ind-status-list    GET     401    403    403    403    403    403    403    403    200    403    403    403
identification-ind-status-detail  GET     401    403    403    403    403    403    403    403    200    403    403    403    [ind_application]
identification-ind-transmission-list GET     401    403    403    403    403    403    403    403    200    403    403    403
identification-ind-transmission-detail GET     401    403    403    403    403    403    403    403    200    403    403    403    [transmission]
identification-ind-transmission-pdf GET     401    403    403    403    403    403    403    403    200    403    403    403    [transmission]
"""

# Routes the table does not cover, with the reason.
NOT_IN_TABLE = {
    None: "unnamed patterns (admin/login/ redirect)",
}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    cells: dict[str, str]
    target: str | None


def parse(table: str = TABLE) -> dict[tuple[str, str], Row]:
    rows: dict[tuple[str, str], Row] = {}
    for line in table.strip().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        words = line.split()
        target = words[-1][1:-1] if words[-1].startswith("[") else None
        cells = words[2 : 2 + len(USERS)]
        if len(cells) != len(USERS):
            raise ValueError(f"access table: wrong number of cells in {line!r}")
        key = (words[0], words[1])
        if key in rows:
            raise ValueError(f"access table: {key} twice")
        rows[key] = Row(words[0], words[1], dict(zip(USERS, cells, strict=True)), target)
    return rows


# --- the objects the rows point at ------------------------------------------------------------------------


@dataclass
class World:
    """Objects of Amsterdam and shelter A that every row's URL is filled in with."""

    kwargs: dict[str, dict[str, Any]]


def build_world(cast: Any) -> World:
    from opvangnet.accounts.models import GrantStatus, RoleGrant
    from opvangnet.placement import services as placement
    from tests.builders import make_api_token, make_offer, make_request

    offer = make_offer(cast.secret_a)
    request = make_request(cast.alice)
    proposal = placement.propose(cast.alice, request, offer)
    make_api_token(cast.carol)
    grant = RoleGrant.objects.create(
        user=cast.paul, role="assessor", reason="x", status=GrantStatus.PENDING, requested_by=cast.bea
    )
    from opvangnet.accounts.models import ApiToken

    kwargs: dict[str, dict[str, Any]] = {
        "offer": {"pk": offer.pk},
        "request": {"pk": request.pk},
        "request_offer": {"pk": request.pk, "offer_pk": offer.pk},
        "proposal": {"pk": proposal.pk},
        "location": {"pk": cast.secret_a.pk},
        "organisation": {"pk": cast.shelter_a.pk},
        "region": {"code": cast.amsterdam.code},
        "region_code": {"code": cast.amsterdam.code},
        "carol": {"pk": cast.carol.pk},
        "carol_token": {"digest": ApiToken.objects.get(user=cast.carol).digest},
        "grant": {"pk": grant.pk, "decision": "approve"},
        "template": {"extension": "csv"},
    }
    kwargs.update(_identification_objects(cast))
    kwargs.update(_planning_objects(cast))
    kwargs.update(_collection_objects(cast))
    return World(kwargs)


def _collection_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """An open round for Amsterdam and Rijnmond; Amsterdam's form with gus's municipality's contribution."""
    from opvangnet.collection import services
    from tests.collection.builders import make_round, submission_of

    round_ = make_round(cast.nina, [cast.amsterdam, cast.rijnmond])
    submission = submission_of(round_, cast.amsterdam)
    contribution = services.invite_contributor(
        cast.alice, submission, "gemeente", municipality=cast.amsterdam_city
    )
    version = round_.form_version
    section = version.sections.first()
    question = section.questions.first() if section else None
    return {
        "round": {"pk": round_.pk},
        "submission": {"pk": submission.pk},
        "contribution": {"pk": contribution.pk},
        "version": {"pk": version.pk},
        "version_section": {"pk": version.pk, "section": section.code if section else "x"},
        "version_question": {"pk": version.pk, "code": question.code if question else "x"},
        "version_rule": {"pk": version.pk, "index": 0},
    }


def _planning_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A finished scenario of the national coordinator (scenarios belong to no region)."""
    from opvangnet.planning.models import Scenario

    scenario = Scenario.objects.create(
        name="Matrix", created_by=cast.nina, status="done", result={"extra": {}, "streams": {}, "pools": {}}
    )
    return {"scenario": {"pk": scenario.pk}, "scenario_csv": {"pk": scenario.pk, "fmt": "csv"}}


def _identification_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """rick (police) brought in the application with the person's consent to the assessment and to telling the
    IND; nina manages it; ada chairs the committee. It was adjourned once, heard, concluded, and the opinion
    was sent to the IND. alice asked an anonymous consultation."""
    from opvangnet.identification import services
    from opvangnet.identification.models import ConsentPurpose
    from tests.builders import make_user
    from tests.identification.builders import conclude, ensure_published_checklist, make_application, seats

    ensure_published_checklist()
    olga, sam = make_user("olga", "assessor"), make_user("sam", "assessor")
    application = make_application(
        cast.rick,
        consents=[ConsentPurpose.ASSESSMENT, ConsentPurpose.IND_STATUS, ConsentPurpose.IND_OPINION],
    )
    lawyer = services.add_representative(
        cast.nina, application, services.RepresentativeInput(kind="lawyer", name="Mr. Fictief")
    )
    case = services.form_committee(cast.nina, application, seats(cast.ada, olga, sam))
    attachment = services.add_attachment(cast.nina, case, kind="statement", filename="a.txt", content=b"x")
    adjournment = services.adjourn(
        cast.nina, case, source="person", requested_from="gemachtigde", information="?"
    )
    services.record_information_received(cast.nina, adjournment, note="binnen", resume_to="investigation")
    opinion = conclude(case, cast.nina, cast.ada, olga, sam)
    transmission = services.transmit_to_ind(cast.nina, case)
    consultation = services.ask_consultation(cast.alice, exploitation_types=["labour"], question="Vraag")
    hearing = case.hearings.first()
    consent = application.consents.first()
    return {
        "application": {"pk": application.pk},
        "consent": {"pk": application.pk, "consent_pk": consent.pk if consent else 0},
        "representative": {"pk": application.pk, "representative_pk": lawyer.pk},
        "case": {"pk": case.pk},
        "attachment": {"pk": case.pk, "attachment_pk": attachment.pk},
        "hearing": {"pk": case.pk, "hearing_pk": hearing.pk if hearing else 0},
        "adjournment": {"pk": case.pk, "adjournment_pk": adjournment.pk},
        "opinion": {"pk": case.pk, "opinion_pk": opinion.pk},
        "transmission": {"pk": transmission.pk},
        "ind_application": {"pk": application.pk},
        "consultation": {"pk": consultation.pk},
    }


# A cell's verdict on a response: does the status match what the table says?
Judge = Callable[[Any], bool]


def matches(cell: str, response: Any) -> bool:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    if cell == "login":
        return status == 302 and "/login/" in location
    if cell == "ok":
        return (200 <= status < 300) or status == 400 or (300 <= status < 400 and "/login/" not in location)
    return status == int(cell)
