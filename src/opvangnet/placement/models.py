"""Placement requests for a pseudonymous client, the proposals to providers, and the stay that follows."""

from __future__ import annotations

import operator
from datetime import datetime, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opvangnet import vocabulary
from opvangnet.accounts import scoping
from opvangnet.capacity.models import Offer
from opvangnet.core.workflow import Workflow
from opvangnet.regions.models import Region, SecurityLevel
from opvangnet.vocabulary import (
    LANGUAGES,
    B8Status,
    CareType,
    Exploitation,
    Gender,
    Guardian,
    NationalityGroup,
    Need,
)

if TYPE_CHECKING:
    from opvangnet.accounts.scoping import Viewer


class Urgency(models.TextChoices):
    TODAY = "today", _("Today")
    WEEK = "week", _("This week")
    PLANNED = "planned", _("Planned")


# Priority in the optimal assignment of a waiting list follows urgency.
URGENCY_PRIORITY: dict[str, int] = {Urgency.TODAY: 3, Urgency.WEEK: 2, Urgency.PLANNED: 1}

# How long a request of each urgency may wait for a place before it is overdue (docs/decisions.md, "When a
# placement request is overdue"): "today" one day, "this week" seven days, "planned" four weeks.
URGENCY_ALLOWED_WAIT: dict[str, timedelta] = {
    Urgency.TODAY: timedelta(days=1),
    Urgency.WEEK: timedelta(days=7),
    Urgency.PLANNED: timedelta(days=28),
}


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PROPOSED = "proposed", _("Proposed to a provider")
    ACCEPTED = "accepted", _("Accepted, place reserved")
    PLACED = "placed", _("Placed")
    LEFT = "left", _("Left")
    CANCELLED = "cancelled", _("Cancelled")


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.OPEN: frozenset({RequestStatus.PROPOSED, RequestStatus.CANCELLED}),
    RequestStatus.PROPOSED: frozenset({RequestStatus.ACCEPTED, RequestStatus.OPEN, RequestStatus.CANCELLED}),
    RequestStatus.ACCEPTED: frozenset({RequestStatus.PLACED, RequestStatus.OPEN, RequestStatus.CANCELLED}),
    RequestStatus.PLACED: frozenset({RequestStatus.LEFT}),
    RequestStatus.LEFT: frozenset(),
    RequestStatus.CANCELLED: frozenset(),
}
WAITING_STATUSES = (RequestStatus.OPEN, RequestStatus.PROPOSED, RequestStatus.ACCEPTED)


class ProposalOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for the provider")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED_BY_PROVIDER = "declined_by_provider", _("Declined by the provider")
    DECLINED_BY_CLIENT = "declined_by_client", _("Declined by the client")
    CANCELLED_BY_COORDINATOR = "cancelled_by_coordinator", _("Cancelled by the coordinator")
    EXPIRED = "expired", _("Hold expired")
    PLACED = "placed", _("Placed")


class ProviderDeclineReason(models.TextChoices):
    FULL = "full", _("No place free")
    TARGET_GROUP = "target_group", _("Outside the target group")
    ADDICTION = "addiction", _("Addiction")
    PSYCHIATRIC = "psychiatric", _("Psychiatric problems")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("Mild intellectual disability")
    SAFETY = "safety", _("Safety")
    LANGUAGE = "language", _("Language")
    OTHER = "other", _("Other")


class ClientDeclineReason(models.TextChoices):
    PREFERS_OTHER = "prefers_other", _("Prefers another place")
    TOO_FAR = "too_far", _("Too far from their network")
    DISTRUSTS = "distrusts", _("Does not feel safe there")
    RETURNED_HOME = "returned_home", _("Returned to the country of origin")
    UNREACHABLE = "unreachable", _("No longer reachable")
    OTHER = "other", _("Other")


class CancelReason(models.TextChoices):
    PLACED_ELSEWHERE = "placed_elsewhere", _("Placed elsewhere")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
    CLIENT_UNREACHABLE = "client_unreachable", _("Client unreachable")
    DUPLICATE = "duplicate", _("Duplicate request")
    OTHER = "other", _("Other")


class ExitDestination(models.TextChoices):
    MOVED_ON = "moved_on", _("Moved on to another offer")
    INDEPENDENT = "independent", _("Independent living")
    RETURNED = "returned", _("Returned to the country of origin")
    UNKNOWN = "unknown", _("Unknown")


REASONS_BY_OUTCOME: dict[str, type[models.TextChoices]] = {
    ProposalOutcome.DECLINED_BY_PROVIDER: ProviderDeclineReason,
    ProposalOutcome.DECLINED_BY_CLIENT: ClientDeclineReason,
    ProposalOutcome.CANCELLED_BY_COORDINATOR: CancelReason,
}


def route_errors(values: dict[str, Any]) -> dict[str, str]:
    """What does not add up in the route part of an intake (the form and the model both ask this).

    The reflection period's end belongs to the reflection period (and is then required); a minor needs a
    guardian and an answer about youth care (with its organisation when involved); an adult has neither.
    """
    errors: dict[str, str] = {}
    reflection = values.get("b8_status") == B8Status.REFLECTION
    if values.get("reflection_period_end") and not reflection:
        errors["reflection_period_end"] = str(_("An end date belongs to the reflection period only."))
    elif reflection and not values.get("reflection_period_end"):
        errors["reflection_period_end"] = str(_("Enter when the reflection period ends."))
    age = values.get("age")
    if age is None:
        return errors
    if age < 18:
        if not values.get("guardian"):
            errors["guardian"] = str(_("A minor needs a guardian (Nidos or other)."))
        elif (
            values.get("guardian") == Guardian.OTHER
            and not (values.get("guardian_organisation") or "").strip()
        ):
            errors["guardian_organisation"] = str(_("Name the guardian's organisation."))
        if values.get("youth_care_involved") is None:
            errors["youth_care_involved"] = str(_("Say whether youth care is involved."))
        elif values["youth_care_involved"] and not (values.get("youth_care_organisation") or "").strip():
            errors["youth_care_organisation"] = str(_("Name the youth care organisation."))
    else:
        for name in ("guardian", "guardian_organisation", "youth_care_organisation"):
            if (values.get(name) or "").strip():
                errors[name] = str(_("Only for minors (under 18)."))
        if values.get("youth_care_involved"):
            errors["youth_care_involved"] = str(_("Only for minors (under 18)."))
    return errors


class PlacementRequestQuerySet(models.QuerySet["PlacementRequest"]):
    def visible_to(self, user: Viewer) -> PlacementRequestQuerySet:
        """Requests this user may see (see `accounts.scoping.placement_requests_for`), region joined."""
        return scoping.placement_requests_for(user, self).select_related("region", "coordinator")

    def waiting(self) -> PlacementRequestQuerySet:
        return self.filter(status__in=WAITING_STATUSES)

    def overdue(self, now: datetime | None = None) -> PlacementRequestQuerySet:
        """Waiting requests that have waited longer than their urgency allows (`URGENCY_ALLOWED_WAIT`)."""
        return self.filter(overdue_condition(now or timezone.now()))


def overdue_condition(now: datetime, prefix: str = "") -> models.Q:
    """The condition that a request (reached through `prefix`, e.g. "request__") still waits for a place
    after the wait its urgency allows (`URGENCY_ALLOWED_WAIT`)."""
    late = [
        models.Q(**{f"{prefix}urgency": urgency, f"{prefix}created_at__lt": now - allowed})
        for urgency, allowed in URGENCY_ALLOWED_WAIT.items()
    ]
    return reduce(operator.or_, late) & models.Q(**{f"{prefix}status__in": WAITING_STATUSES})


def overdue_flag(now: datetime, prefix: str = "") -> models.Case:
    """`overdue_condition` as a boolean column, to sort overdue rows first."""
    return models.Case(
        models.When(overdue_condition(now, prefix), then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )


class PlacementRequest(models.Model):
    """What one person needs, under a pseudonymous client code; never a name."""

    client_code = models.CharField(_("client code"), max_length=30, unique=True, editable=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="placement_requests",
        verbose_name=_("requesting region"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("coordinator")
    )
    care_type = models.CharField(_("care type"), max_length=20, choices=CareType.choices)
    exploitation = models.JSONField(_("exploitation"), default=list)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(120)])
    with_children = models.PositiveSmallIntegerField(_("children coming along"), default=0)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    security = models.CharField(
        _("security"), max_length=10, choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    avoid_regions = models.JSONField(_("regions to avoid"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.WEEK)
    # The route: what residence rights and which shelter (categorical or not) apply. Groups only, never the
    # nationality itself.
    nationality_group = models.CharField(
        _("nationality"), max_length=20, choices=NationalityGroup.choices, default=NationalityGroup.UNKNOWN
    )
    b8_status = models.CharField(
        _("B8/3 status"), max_length=20, choices=B8Status.choices, default=B8Status.NONE
    )
    reflection_period_end = models.DateField(_("end of the reflection period"), null=True, blank=True)
    # For minors: who has authority, and whether youth care is involved.
    guardian = models.CharField(_("guardian"), max_length=20, choices=Guardian.choices, blank=True)
    guardian_organisation = models.CharField(_("guardian organisation"), max_length=120, blank=True)
    youth_care_involved = models.BooleanField(_("youth care involved"), null=True, blank=True)
    youth_care_organisation = models.CharField(_("youth care organisation"), max_length=120, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=2)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    placed_offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("placed at")
    )
    intake_date = models.DateField(_("intake date"), null=True, blank=True)
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_destination = models.CharField(
        _("destination"), max_length=20, choices=ExitDestination.choices, blank=True
    )
    # The same person's earlier request (moving on from crisis to long-term shelter, or coming back): the
    # national picture follows paths, counts unique clients and returns through this link.
    previous_request = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows on from"),
    )
    # How many fitting offers had a free place anywhere when the request was registered (the matching core's
    # candidates at that moment); 0 is unmet demand. Empty for requests registered before it was recorded.
    fitting_free_at_intake = models.PositiveIntegerField(
        _("fitting free places at intake"), null=True, blank=True, editable=False
    )

    objects = PlacementRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "created_at"]
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        permissions = [
            ("request_placement", "Can request and follow placements for the own region"),
            ("view_all_requests", "Can see the placement requests of every region"),
            ("answer_proposals", "Can accept or decline proposals to the own organisation's offers"),
            ("view_refusal_report", "Can see the refusal report"),
        ]

    def __str__(self) -> str:
        return self.client_code

    def clean(self) -> None:
        super().clean()
        errors = route_errors(
            {
                "age": self.age,
                "b8_status": self.b8_status,
                "reflection_period_end": self.reflection_period_end,
                "guardian": self.guardian,
                "guardian_organisation": self.guardian_organisation,
                "youth_care_involved": self.youth_care_involved,
                "youth_care_organisation": self.youth_care_organisation,
            }
        )
        if errors:
            raise ValidationError(errors)

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18

    @property
    def age_group(self) -> str:
        return vocabulary.age_group(self.age)

    def exploitation_labels(self) -> list[str]:
        return [str(Exploitation(code).label) for code in self.exploitation if code in Exploitation.values]

    def need_labels(self) -> list[str]:
        return [str(Need(code).label) for code in self.needs if code in Need.values]

    def language_labels(self) -> list[str]:
        return [str(LANGUAGES.get(code, code)) for code in self.languages]

    def waiting_days(self, now: datetime | None = None) -> int:
        return max(0, ((now or timezone.now()) - self.created_at).days)

    def due_at(self) -> datetime:
        """The moment this request has waited as long as its urgency allows."""
        return self.created_at + URGENCY_ALLOWED_WAIT.get(self.urgency, URGENCY_ALLOWED_WAIT[Urgency.WEEK])

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Still waiting for a place after the wait its urgency allows (`URGENCY_ALLOWED_WAIT`)."""
        return self.status in WAITING_STATUSES and self.due_at() < (now or timezone.now())

    @property
    def current_proposal(self) -> Proposal | None:
        return self.proposals.filter(outcome__in=[ProposalOutcome.PENDING, ProposalOutcome.ACCEPTED]).first()


# Services move a request only through this (checked, closed_at stamped, audited as `placement.advance`); the
# detail page asks `next_states()` which actions to offer.
REQUEST_WORKFLOW: Workflow[PlacementRequest] = Workflow(
    states=RequestStatus,
    transitions=ALLOWED_TRANSITIONS,
    audit_action="placement.advance",
    closed_states=frozenset({RequestStatus.LEFT, RequestStatus.CANCELLED}),
)


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: Viewer) -> ProposalQuerySet:
        """Proposals this user may see (`accounts.scoping.proposals_for`), offer and organisation joined."""
        return scoping.proposals_for(user, self).select_related("offer__location__organisation")

    def for_provider(self, user: Viewer) -> ProposalQuerySet:
        """Proposals to offers of the user's own organisation, request and offer joined."""
        return scoping.proposals_for_provider(user, self).select_related(
            "request__region", "request__coordinator", "offer__location__municipality"
        )

    def refusals(self) -> ProposalQuerySet:
        return self.filter(outcome__in=list(REASONS_BY_OUTCOME))


class Proposal(models.Model):
    """A request put to one offer, and how that ended. A request may have several over time."""

    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("offer")
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"),
        max_length=30,
        choices=ProposalOutcome.choices,
        default=ProposalOutcome.PENDING,
        db_index=True,
    )
    reason = models.CharField(_("reason"), max_length=30, blank=True)
    reason_text = models.CharField(_("explanation"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, db_index=True)
    hold_until = models.DateTimeField(_("place held until"), null=True, blank=True)
    # What the provider needs to know for the handover (transport, time of arrival); never a name.
    handover_note = models.TextField(_("handover note"), max_length=2000, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            # At most one live proposal per request: a person waits for one answer at a time.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(outcome__in=["pending", "accepted"]),
                name="one_live_proposal_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.offer_id} ({self.outcome})"

    def reason_label(self) -> str:
        choices = REASONS_BY_OUTCOME.get(self.outcome)
        if choices is None or not self.reason:
            return ""
        return str(choices(self.reason).label) if self.reason in choices.values else self.reason

    def hold_expired(self, now: datetime | None = None) -> bool:
        return (
            self.outcome == ProposalOutcome.ACCEPTED
            and self.hold_until is not None
            and self.hold_until <= (now or timezone.now())
        )


class NoticeKind(models.TextChoices):
    PROPOSED = "proposed", _("New proposal")
    ACCEPTED = "accepted", _("Proposal accepted")
    DECLINED = "declined", _("Proposal declined")
    EXPIRED = "expired", _("Hold expired")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user: Viewer) -> NoticeQuerySet:
        return self.filter(recipient_id=getattr(user, "pk", None) or 0)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message in the app to one user about a proposal (new, accepted, declined, hold expired)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.message()

    def message(self) -> str:
        """What happened, in the reader's language; only the client code and the offer's name."""
        values = {"code": self.proposal.request.client_code, "offer": self.proposal.offer.name}
        texts = {
            NoticeKind.PROPOSED: _("New proposal for %(code)s to %(offer)s."),
            NoticeKind.ACCEPTED: _("%(offer)s accepted %(code)s; the place is held."),
            NoticeKind.DECLINED: _("%(offer)s declined %(code)s."),
            NoticeKind.EXPIRED: _("The place for %(code)s at %(offer)s is no longer held."),
        }
        return str(texts[NoticeKind(self.kind)]) % values
