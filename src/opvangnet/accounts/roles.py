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


# Victim-status determination. Referrers follow only the status of their own referrals; the IND sees outcomes
# and dates of B8/3 cases; policy makers see suppressed aggregates; the administrator edits the checklist.
_IDENTIFICATION_REFERRER = frozenset({"identification.refer", "identification.ask_consultation"})
_IDENTIFICATION_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: _IDENTIFICATION_REFERRER,
    Role.PROVIDER: _IDENTIFICATION_REFERRER,
    Role.CHAIN_PARTNER: _IDENTIFICATION_REFERRER,
    Role.NATIONAL_COORDINATOR: _IDENTIFICATION_REFERRER
    | {
        "identification.manage_cases",
        "identification.answer_consultation",
        "identification.view_reports",
        "identification.view_unsuppressed_reports",
    },
    Role.ASSESSOR: frozenset({"identification.assess", "identification.answer_consultation"}),
    Role.IND_OFFICER: frozenset({"identification.view_ind_outcomes"}),
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


# The national picture. Policy makers see it with small cells suppressed and whole periods only; the national
# coordination centre sees exact figures and may download the k-anonymous research export.
_INSIGHTS_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.NATIONAL_COORDINATOR: frozenset(
        {"insights.view_picture", "insights.view_exact_figures", "insights.export_research"}
    ),
    Role.POLICY_MAKER: frozenset({"insights.view_picture"}),
}
ROLE_PERMISSIONS = {
    role: permissions | _INSIGHTS_PERMISSIONS.get(role, frozenset())
    for role, permissions in ROLE_PERMISSIONS.items()
}


def permissions_for_role(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
