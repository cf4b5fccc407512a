"""Roles, their scope and the permissions each role holds.

This is the one table that turns a role into permissions; code asks `user.has_perm(...)`, never for a role.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Care coordinator")
    PROVIDER = "provider", _("Provider")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    POLICY_MAKER = "policy_maker", _("Policy maker")
    ASSESSOR = "assessor", _("Assessor")
    IND_OFFICER = "ind_officer", _("IND officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    CHAIN_PARTNER = "chain_partner", _("Chain partner (referrer)")
    CONTRIBUTOR = "contributor", _("Contributor (data collection)")


def role_label(role: str) -> str:
    """The readable name of a role code; an account without a role reads "no role yet"."""
    return str(Role(role).label) if role else str(_("No role yet"))


# Roles that see secret addresses, person data or can hand out roles: granting one takes a second
# administrator's approval (accounts/services.py).
ROLES_NEEDING_FOUR_EYES = frozenset(
    {Role.NATIONAL_COORDINATOR, Role.ASSESSOR, Role.IND_OFFICER, Role.ADMINISTRATOR}
)

# Which scope a role needs: a region, an organisation, or neither.
ROLES_NEEDING_REGION = frozenset({Role.COORDINATOR})
ROLES_NEEDING_ORGANISATION = frozenset({Role.PROVIDER, Role.CHAIN_PARTNER})
# A contributor fills in one section of a region's data-collection form on behalf of a municipality or an
# umbrella (or provider) organisation: a region plus exactly one of the two.
ROLES_NEEDING_PARTY = frozenset({Role.CONTRIBUTOR})

_REFERENCE_DATA_ADMIN = frozenset(
    f"regions.{action}_{model}"
    for action in ("view", "add", "change", "delete")
    for model in ("region", "municipality", "policeunit", "organisation", "location")
) | frozenset(f"accounts.{action}_user" for action in ("view", "add", "change", "delete"))

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        {
            "accounts.view_colleagues",
            "regions.view_address",
            "placement.request_placement",
            "placement.view_refusal_report",
        }
    ),
    Role.PROVIDER: frozenset(
        {
            "regions.view_address",
            "regions.manage_own_locations",
            "capacity.manage_own_offers",
            "placement.answer_proposals",
            "accounts.use_api_tokens",
            "accounts.view_colleagues",
        }
    ),
    Role.NATIONAL_COORDINATOR: frozenset(
        {
            "regions.view_address",
            "regions.reveal_secret_address",
            "regions.change_address_secrecy",
            "regions.view_inactive",
            "accounts.view_user",
            "capacity.change_offer",
            "placement.request_placement",
            "placement.view_all_requests",
            "placement.view_refusal_report",
        }
    ),
    Role.POLICY_MAKER: frozenset({"placement.view_refusal_report"}),
    Role.ASSESSOR: frozenset(),
    Role.IND_OFFICER: frozenset(),
    # The administrator maintains reference data and users, yet never places anyone: no secret addresses.
    # Roles change only through the four-eyes service, never by editing a user in the admin.
    Role.ADMINISTRATOR: _REFERENCE_DATA_ADMIN
    | {
        "regions.view_address",
        "regions.view_inactive",
        "accounts.change_user_role",
        "accounts.reset_second_factor",
        "accounts.unlock_login",
        "audit.view_audit_log",
    },
    Role.CHAIN_PARTNER: frozenset({"regions.view_address"}),
}


# Victim-status assessment. Referrers submit applications on the person's behalf and follow only "in progress"
# or "completed" (more only with the person's consent); police and KMar record a reflection period they
# granted; the national coordination centre is the committee's secretariat (case manager); the IND sees what
# the person consented to; policy makers see suppressed aggregates; the administrator edits the checklist.
_IDENTIFICATION_REFERRER = frozenset({"identification.submit_application", "identification.ask_consultation"})
_IDENTIFICATION_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: _IDENTIFICATION_REFERRER | {"identification.refer_as_care_coordinator"},
    Role.PROVIDER: _IDENTIFICATION_REFERRER | {"identification.refer_as_provider"},
    Role.CHAIN_PARTNER: _IDENTIFICATION_REFERRER
    | {"identification.refer_as_enforcement", "identification.record_reflection_period"},
    Role.NATIONAL_COORDINATOR: _IDENTIFICATION_REFERRER
    | {
        "identification.manage_cases",
        "identification.record_reflection_period",
        "identification.export_person_data",
        "identification.answer_consultation",
        "identification.view_reports",
        "identification.view_unsuppressed_reports",
    },
    Role.ASSESSOR: frozenset({"identification.assess", "identification.answer_consultation"}),
    Role.IND_OFFICER: frozenset({"identification.view_ind_status"}),
    Role.POLICY_MAKER: frozenset({"identification.view_reports"}),
    Role.ADMINISTRATOR: frozenset(
        f"identification.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in ("checklistversion", "indicator")
    ),
}


# Capacity planning: the national coordinator and policy makers make and compare scenarios (aggregates only);
# only the national coordinator sees monthly demand per region unsuppressed.
_PLANNING_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.NATIONAL_COORDINATOR: frozenset(
        {"planning.view_planning", "planning.run_scenario", "planning.view_exact_figures"}
    ),
    Role.POLICY_MAKER: frozenset({"planning.view_planning", "planning.run_scenario"}),
}
# Data-collection rounds (uitvraag). The national coordination centre defines forms, opens rounds, reviews,
# approves and reopens; a coordinator fills in the own region's form and invites contributors; a contributor
# fills in only the own section of the own region's form.
_COLLECTION_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.NATIONAL_COORDINATOR: frozenset({"collection.manage_rounds"}),
    Role.COORDINATOR: frozenset({"collection.fill_region_form"}),
    Role.CONTRIBUTOR: frozenset({"collection.contribute"}),
}
# The national picture. Policy makers see it with small cells suppressed and whole periods only; the national
# coordination centre sees exact figures and may download the k-anonymous research export.
_INSIGHTS_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.NATIONAL_COORDINATOR: frozenset(
        {"insights.view_picture", "insights.view_exact_figures", "insights.export_research"}
    ),
    Role.POLICY_MAKER: frozenset({"insights.view_picture"}),
}
# Each app's block joins the base table: the one table a role's permissions come from.
_APP_PERMISSIONS = (
    _IDENTIFICATION_PERMISSIONS,
    _PLANNING_PERMISSIONS,
    _COLLECTION_PERMISSIONS,
    _INSIGHTS_PERMISSIONS,
)
ROLE_PERMISSIONS = {
    role: frozenset().union(
        ROLE_PERMISSIONS.get(role, frozenset()), *(b.get(role, ()) for b in _APP_PERMISSIONS)
    )
    for role in Role.values
}


def permissions_for_role(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def roles_with_permission(permission: str) -> list[str]:
    """The roles that hold `permission`: to find the people who may act, e.g. whom to remind."""
    return sorted(role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions)
