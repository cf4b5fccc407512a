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


# Which scope a role needs: a region, an organisation, or neither.
ROLES_NEEDING_REGION = frozenset({Role.COORDINATOR})
ROLES_NEEDING_ORGANISATION = frozenset({Role.PROVIDER, Role.CHAIN_PARTNER})

_REFERENCE_DATA_ADMIN = frozenset(
    f"regions.{action}_{model}"
    for action in ("view", "add", "change", "delete")
    for model in ("region", "municipality", "policeunit", "organisation", "location")
) | frozenset(f"accounts.{action}_user" for action in ("view", "add", "change", "delete"))

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        {
            "regions.view_address",
            "regions.view_secret_address",
            "placement.request_placement",
            "placement.view_refusal_report",
        }
    ),
    Role.PROVIDER: frozenset(
        {"regions.view_address", "capacity.manage_own_offers", "placement.answer_proposals"}
    ),
    Role.NATIONAL_COORDINATOR: frozenset(
        {
            "regions.view_address",
            "regions.view_secret_address",
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
    Role.ADMINISTRATOR: _REFERENCE_DATA_ADMIN | {"regions.view_address", "regions.view_inactive"},
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
ROLE_PERMISSIONS = {
    role: permissions | _IDENTIFICATION_PERMISSIONS.get(role, frozenset())
    for role, permissions in ROLE_PERMISSIONS.items()
}


def permissions_for_role(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
