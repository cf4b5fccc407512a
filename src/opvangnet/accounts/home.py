"""What each role can do here: the tasks shown on a role's home page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opvangnet.accounts.roles import Role


@dataclass(frozen=True)
class Task:
    title: str | Promise
    description: str | Promise
    url_name: str | None = None


ROLE_INTRODUCTIONS: dict[str, Promise] = {
    Role.COORDINATOR: _(
        "You coordinate care for victims of human trafficking in your region: find a fitting free place, "
        "follow your region's placement requests and refer people for victim-status determination."
    ),
    Role.PROVIDER: _(
        "You keep your organisation's locations, offers and free places up to date, so that coordinators "
        "can place people with you, and you answer the placement requests sent to you."
    ),
    Role.NATIONAL_COORDINATOR: _(
        "You see everything operational in all regions, help coordinators place people and run the "
        "periodic data-collection rounds."
    ),
    Role.POLICY_MAKER: _(
        "You see the national picture: supply and demand of shelter and help, in aggregate figures with "
        "small numbers suppressed. You see no personal data and no addresses."
    ),
    Role.ASSESSOR: _(
        "You assess, as a member of an independent multidisciplinary team, the victim-status cases "
        "assigned to you."
    ),
    Role.IND_OFFICER: _(
        "You receive the outcome and dates of victim-status decisions in cases that concern the B8/3 "
        "residence regulation. Nothing else of these cases is shown to you."
    ),
    Role.ADMINISTRATOR: _(
        "You manage users and reference data: regions, municipalities, organisations and locations. "
        "The content of victim-status cases is never shown to you."
    ),
    Role.CHAIN_PARTNER: _(
        "You can refer a possible victim of human trafficking and follow the status of your own referrals."
    ),
}

_OVERVIEW = Task(
    _("Organisations and locations"),
    _("Who offers shelter and help, and where."),
    "regions:locations",
)
_REGIONS = Task(_("Regions"), _("The care regions and their municipalities."), "regions:regions")
_ADMIN = Task(
    _("Administration"), _("Users, regions, municipalities, organisations, locations."), "admin:index"
)

_CAPACITY = Task(
    _("Shelter and help"),
    _("Every offer of shelter and help with its free places, per region and nationally."),
    "capacity:overview",
)
_MY_OFFERS = Task(
    _("My offers"),
    _("Keep your organisation's offers and free places up to date."),
    "capacity:mine",
)

_API_TOKEN = Task(
    _("API token"),
    _("Let your own system report free places through the API."),
    "accounts:api_token",
)
_NEW_REQUEST = Task(
    _("New placement request"),
    _("Enter what a person needs and see the fitting free places, best first, with the reasons."),
    "placement:intake",
)
_WAITING_LIST = Task(
    _("Waiting list"),
    _("Everyone still waiting for a place, with the optimal assignment as a suggestion."),
    "placement:waiting_list",
)
_INBOX = Task(
    _("Placement inbox"),
    _("Accept or decline the placement requests proposed to your offers."),
    "placement:inbox",
)
_REFUSALS = Task(
    _("Refusals"),
    _("Why proposals did not lead to a placement, for whom and where: are all victims welcome?"),
    "placement:refusals",
)

ROLE_TASKS: dict[str, list[Task]] = {
    Role.COORDINATOR: [_NEW_REQUEST, _WAITING_LIST, _CAPACITY, _REFUSALS, _OVERVIEW, _REGIONS],
    Role.PROVIDER: [_INBOX, _MY_OFFERS, _CAPACITY, _API_TOKEN],
    Role.NATIONAL_COORDINATOR: [_WAITING_LIST, _NEW_REQUEST, _CAPACITY, _REFUSALS, _OVERVIEW, _REGIONS],
    Role.POLICY_MAKER: [_CAPACITY, _REFUSALS, _REGIONS],
    Role.ASSESSOR: [],
    Role.IND_OFFICER: [],
    Role.ADMINISTRATOR: [_ADMIN, _CAPACITY, _OVERVIEW, _REGIONS],
    Role.CHAIN_PARTNER: [_CAPACITY],
}


# Victim-status determination (identification app).
_REFERRALS = Task(
    _("Referrals"),
    _("Refer a possible victim for victim-status determination and follow its status."),
    "identification:referrals",
)
_ADVICE = Task(
    _("Anonymous advice"),
    _("Ask advice about a situation without personal data."),
    "identification:consultations",
)
_CASES = Task(
    _("Identification cases"), _("Cases, panels, assessments and decisions."), "identification:cases"
)
_DEADLINES = Task(
    _("Deadlines"), _("Cases whose decision is due soon or overdue."), "identification:dashboard"
)
_IND = Task(_("B8/3 outcomes"), _("Outcomes and dates of decisions in B8/3 cases."), "identification:ind")
_ID_REPORT = Task(
    _("Victim-status figures"),
    _("Referrals, decisions, time to decision and reconsiderations."),
    "identification:report",
)
for _role, _tasks in {
    Role.COORDINATOR: [_REFERRALS, _ADVICE],
    Role.PROVIDER: [_REFERRALS, _ADVICE],
    Role.CHAIN_PARTNER: [_REFERRALS, _ADVICE],
    Role.NATIONAL_COORDINATOR: [_REFERRALS, _CASES, _DEADLINES, _ADVICE, _ID_REPORT],
    Role.ASSESSOR: [_CASES, _DEADLINES, _ADVICE],
    Role.IND_OFFICER: [_IND],
    Role.POLICY_MAKER: [_ID_REPORT],
}.items():
    ROLE_TASKS[_role] = [*ROLE_TASKS.get(_role, []), *_tasks]


# The national picture (insights app).
_PICTURE = Task(
    _("National picture"),
    _("Supply against demand per region, care type and target group; gaps, trends, map and paths."),
    "insights:dashboard",
)
for _role in (Role.NATIONAL_COORDINATOR, Role.POLICY_MAKER):
    ROLE_TASKS[_role] = [_PICTURE, *ROLE_TASKS.get(_role, [])]


def tasks_for(role: str) -> list[Task]:
    return ROLE_TASKS.get(role, [])


@dataclass(frozen=True)
class MenuGroup:
    """A group of the main navigation; `title` None means its items stand in the bar by themselves."""

    title: str | Promise | None
    tasks: list[Task]


# A role with more tasks than fit on one row gets its menu grouped by the part of the work (by URL namespace).
MENU_GROUPS: list[tuple[Promise, tuple[str, ...]]] = [
    (_("Placement"), ("placement:waiting_list", "placement:intake", "placement:inbox")),
    (_("Shelter and help"), ("capacity:", "regions:")),
    (_("Figures"), ("insights:", "placement:refusals", "identification:report")),
    (_("Victim status"), ("identification:",)),
]
FLAT_MENU_LIMIT = 6


def menu_for(role: str) -> list[MenuGroup]:
    """The main navigation of a role: flat when short, else grouped (see MENU_GROUPS), in that order."""
    tasks = [task for task in tasks_for(role) if task.url_name]
    if len(tasks) <= FLAT_MENU_LIMIT:
        return [MenuGroup(None, tasks)]
    groups: list[MenuGroup] = [MenuGroup(title, []) for title, _prefixes in MENU_GROUPS]
    rest = MenuGroup(None, [])
    for task in tasks:
        name = task.url_name or ""
        index = next(
            (i for i, (_t, prefixes) in enumerate(MENU_GROUPS) if any(name.startswith(p) for p in prefixes)),
            None,
        )
        (groups[index] if index is not None else rest).tasks.append(task)
    return [group for group in (*groups, rest) if group.tasks]
