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
    _("API tokens"),
    _("Let your own system report free places through the API."),
    "accounts:api_tokens",
)
_USERS = Task(
    _("Users and roles"),
    _("Give people their role; roles that see secrets need a second administrator."),
    "accounts:users",
)
_AUDIT = Task(_("Audit log"), _("Who did what, and when."), "audit:log")
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
    Role.ADMINISTRATOR: [_USERS, _ADMIN, _AUDIT, _CAPACITY, _OVERVIEW, _REGIONS],
    Role.CHAIN_PARTNER: [_CAPACITY],
}


# Victim-status assessment (identification app).
_APPLICATIONS = Task(
    _("Applications for assessment"),
    _("Apply for an assessment of victimhood on the person's behalf, with their consent; follow its status."),
    "identification:applications",
)
_ADVICE = Task(
    _("Anonymous advice"),
    _("Ask advice about a situation without personal data."),
    "identification:consultations",
)
_CASES = Task(_("Assessment cases"), _("Cases, committees, hearings and opinions."), "identification:cases")
_DEADLINES = Task(_("Deadlines"), _("Cases whose next deadline is near or past."), "identification:dashboard")
_IND = Task(
    _("Assessments of victimhood (B8/3)"),
    _("Running assessments and opinions sent, with the person's consent."),
    "identification:ind",
)
_ID_REPORT = Task(
    _("Victim-status figures"),
    _("Applications, hearings, opinions, responses and reassessments."),
    "identification:report",
)
for _role, _tasks in {
    Role.COORDINATOR: [_APPLICATIONS, _ADVICE],
    Role.PROVIDER: [_APPLICATIONS, _ADVICE],
    Role.CHAIN_PARTNER: [_APPLICATIONS, _ADVICE],
    Role.NATIONAL_COORDINATOR: [_APPLICATIONS, _CASES, _DEADLINES, _ADVICE, _ID_REPORT],
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


# Capacity planning (planning app).
_PLANNING = Task(
    _("Capacity planning"),
    _("Demand forecast, scenarios and the places needed to meet waiting-time targets."),
    "planning:index",
)
for _role in (Role.NATIONAL_COORDINATOR, Role.POLICY_MAKER):
    ROLE_TASKS[_role] = [*ROLE_TASKS.get(_role, []), _PLANNING]
# Data-collection rounds (collection app).
_COLLECTION = Task(
    _("Data collection"),
    _("Rounds of figures for the national picture: fill in, check, submit and approve."),
    "collection:rounds",
)
_CONTRIBUTIONS = Task(
    _("My contributions"),
    _("The sections of your region's data-collection form that you fill in."),
    "collection:contributions",
)
ROLE_INTRODUCTIONS[Role.CONTRIBUTOR] = _(
    "You contribute, for your municipality or organisation, to your region's data-collection form: you see "
    "and fill in only your own section."
)
for _role, _tasks in {
    Role.COORDINATOR: [_COLLECTION],
    Role.NATIONAL_COORDINATOR: [_COLLECTION],
    Role.CONTRIBUTOR: [_CONTRIBUTIONS],
}.items():
    ROLE_TASKS[_role] = [*ROLE_TASKS.get(_role, []), *_tasks]


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
