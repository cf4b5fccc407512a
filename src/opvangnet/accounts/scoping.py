"""The one place that decides which rows each user may see.

Every list and every detail, in pages and API alike, goes through `<Model>.objects.visible_to(user)`, which
delegates here. Rules:

- Regions and municipalities are public reference data.
- Active organisations and active locations are visible to everyone, including anonymous visitors (the
  public social map); inactive ones only to roles with `regions.view_inactive` and to their own organisation.
- A location's *address* is a separate question (`can_see_address`): in every list, page, print, export and
  API answer a secret address is shown only to the location's own organisation; an ordinary address to roles
  with `regions.view_address`. Policy makers, IND officers, assessors and anonymous visitors see no addresses
  at all. A secret address reaches anyone else only through an audited reveal: the coordinator of a request
  whose proposal there is accepted (`can_reveal_address_for_transport`), or the national coordination centre
  with a reason (`regions.reveal_secret_address`).
- Offers: an active offer at a visible location is public, like the location; an inactive one is seen by
  roles with `regions.view_inactive` and its own organisation. An offer is changed by its own organisation
  (`capacity.manage_own_offers`) or by a role with `capacity.change_offer` (the national coordination centre).
- Placement requests: the national coordination centre (`placement.view_all_requests`) sees all; a
  coordinator (`placement.request_placement`) those of the own region; a provider only the requests proposed
  to its own offers, and only through its proposals.
- Identification: the case manager (`identification.manage_cases`) sees every application and case; a
  committee member the cases of committees they sit on (and their applications); a referrer
  (`identification.submit_application`) the applications they or their organisation entered, and of those only
  "in progress" or "completed" unless the person consented to showing the outcome (`can_see_outcome`). Person
  data only for the case manager and the case's committee members. The IND (`identification.view_ind_status`)
  sees only B8/3 applications whose person consented, and the opinions sent to it with consent.
  Consultations: the asker's own; all for those who answer them. Referrers, the IND, policy makers and the
  administrator never open a case.
- Users: administrators and the national coordination centre see all; a provider sees its organisation's
  colleagues; a coordinator the coordinators of the same region; everybody else only themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeAlias, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from opvangnet.accounts.models import User
    from opvangnet.capacity.models import Offer
    from opvangnet.regions.models import Location

    # Whoever is looking: a signed-in user or an anonymous visitor of the public pages.
    Viewer: TypeAlias = User | AnonymousUser

Q_T = TypeVar("Q_T", bound=QuerySet[Any])
Row = TypeVar("Row")
P = ParamSpec("P")


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _all_rows_with(
    permission: str,
) -> Callable[[Callable[Concatenate[Viewer, Q_T, P], Q_T]], Callable[Concatenate[Viewer, Q_T, P], Q_T]]:
    """The rows of a model: none for a visitor who is not signed in, all with `permission`; else the rows the
    decorated function leaves."""

    def decorate(
        rule: Callable[Concatenate[Viewer, Q_T, P], Q_T],
    ) -> Callable[Concatenate[Viewer, Q_T, P], Q_T]:
        @wraps(rule)
        def rows_for(user: Viewer, queryset: Q_T, /, *args: P.args, **kwargs: P.kwargs) -> Q_T:
            if not is_signed_in(user):
                return queryset.none()
            if user.has_perm(permission):
                return queryset
            return rule(user, queryset, *args, **kwargs)

        return rows_for

    return decorate


def _always_with(permission: str) -> Callable[[Callable[[Viewer, Row], bool]], Callable[[Viewer, Row], bool]]:
    """A question about one row: no for a visitor who is not signed in, yes with `permission`; else the
    decorated function answers."""

    def decorate(rule: Callable[[Viewer, Row], bool]) -> Callable[[Viewer, Row], bool]:
        @wraps(rule)
        def may(user: Viewer, row: Row) -> bool:
            if not is_signed_in(user):
                return False
            return bool(user.has_perm(permission)) or rule(user, row)

        return may

    return decorate


def require(user: Viewer, *permissions: str) -> None:
    """PermissionDenied (403) unless the user holds at least one of `permissions`."""
    if not any(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def organisation_id(user: Any) -> int | None:
    return getattr(user, "organisation_id", None) if is_signed_in(user) else None


def regions_for(user: Viewer, queryset: Q_T) -> Q_T:
    return queryset


def organisations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if is_signed_in(user) and user.has_perm("regions.view_inactive"):
        return queryset
    own = organisation_id(user)
    condition = Q(active=True) | Q(pk=own) if own else Q(active=True)
    return queryset.filter(condition)


def _visible_locations(user: Viewer, prefix: str = "") -> Q | None:
    """The condition on a location (reached through `prefix`) that the user may see it; None: all."""
    if is_signed_in(user) and user.has_perm("regions.view_inactive"):
        return None
    own = organisation_id(user)
    public = Q(**{f"{prefix}active": True, f"{prefix}organisation__active": True})
    return public | Q(**{f"{prefix}organisation_id": own}) if own else public


def locations_for(user: Viewer, queryset: Q_T) -> Q_T:
    condition = _visible_locations(user)
    return queryset if condition is None else queryset.filter(condition)


def can_see_address(user: Viewer, location: Location) -> bool:
    if not is_signed_in(user):
        return False
    if location.organisation_id == organisation_id(user):
        return True
    if location.secret_address:
        return False
    return user.has_perm("regions.view_address")


@_always_with("regions.change_address_secrecy")
def can_change_address_secrecy(user: Viewer, location: Location) -> bool:
    """The location's own organisation, or the national coordination centre."""
    own = organisation_id(user)
    return bool(own) and own == location.organisation_id and user.has_perm("regions.manage_own_locations")


@_all_rows_with("accounts.view_user")
def users_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Everyone for `accounts.view_user`; with `accounts.view_colleagues` the colleagues of the own
    organisation, or, without one, those with the same role in the own region; else only oneself."""
    if user.has_perm("accounts.view_colleagues"):
        own = organisation_id(user)
        if own:
            return queryset.filter(organisation_id=own)
        region_id = getattr(user, "region_id", None)
        if region_id:
            return queryset.filter(role=getattr(user, "role", ""), region_id=region_id)
    return queryset.filter(pk=user.pk)


def offers_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Offers at a location the user may see; inactive offers only for their own organisation."""
    condition = _visible_locations(user, "location__")
    if condition is None:
        return queryset
    queryset = queryset.filter(condition)
    own = organisation_id(user)
    return queryset.filter(Q(active=True) | Q(location__organisation_id=own) if own else Q(active=True))


@_all_rows_with("capacity.change_offer")
def offers_editable_by(user: Viewer, queryset: Q_T) -> Q_T:
    own = organisation_id(user)
    if own and user.has_perm("capacity.manage_own_offers"):
        return queryset.filter(location__organisation_id=own)
    return queryset.none()


@_always_with("capacity.change_offer")
def can_edit_offer(user: Viewer, offer: Offer) -> bool:
    own = organisation_id(user)
    return bool(own) and own == offer.location.organisation_id and user.has_perm("capacity.manage_own_offers")


@_all_rows_with("placement.view_all_requests")
def placement_requests_for(user: Viewer, queryset: Q_T) -> Q_T:
    region_id = getattr(user, "region_id", None)
    if region_id and user.has_perm("placement.request_placement"):
        return queryset.filter(region_id=region_id)
    own = organisation_id(user)
    if own and user.has_perm("placement.answer_proposals"):
        return queryset.filter(proposals__offer__location__organisation_id=own).distinct()
    return queryset.none()


@_all_rows_with("placement.view_all_requests")
def proposals_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Proposals the user may see: all of a visible request for the coordinators who handle it; for a
    provider only those to its own organisation's offers, never where else the person was proposed or placed
    or why others refused."""
    region_id = getattr(user, "region_id", None)
    if region_id and user.has_perm("placement.request_placement"):
        return queryset.filter(request__region_id=region_id)
    return proposals_for_provider(user, queryset)


@_always_with("placement.view_all_requests")
def can_see_placement_outcome(user: Viewer, placement: Any) -> bool:
    """Where a request ended (placed offer, intake, exit): its coordinators, and the provider only when the
    person was placed with it."""
    if user.has_perm("placement.request_placement"):
        return bool(getattr(user, "region_id", None) == placement.region_id)
    own = organisation_id(user)
    offer = placement.placed_offer
    return bool(own and offer is not None and offer.location.organisation_id == own)


def can_reveal_address_for_transport(user: Viewer, placement: Any) -> bool:
    """The coordinator of the request's region (or the national centre) once a place there was accepted."""
    if not is_signed_in(user) or not user.has_perm("placement.request_placement"):
        return False
    if user.has_perm("placement.view_all_requests"):
        return True
    return bool(getattr(user, "region_id", None) == placement.region_id)


def proposals_for_provider(user: Viewer, queryset: Q_T) -> Q_T:
    own = organisation_id(user)
    if not own or not user.has_perm("placement.answer_proposals"):
        return queryset.none()
    return queryset.filter(offer__location__organisation_id=own)


@_all_rows_with("identification.manage_cases")
def applications_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Identification applications: the case manager all; a committee member those of their cases; a referrer
    (`identification.submit_application`) those they or their organisation entered."""
    condition = Q(pk__in=[])
    if user.has_perm("identification.assess"):
        condition |= Q(case__committees__members__assessor=user)
    if user.has_perm("identification.submit_application"):
        condition |= Q(created_by=user)
        own = organisation_id(user)
        if own:
            condition |= Q(referrer_organisation_id=own)
    return queryset.filter(condition).distinct()


@_all_rows_with("identification.manage_cases")
def cases_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Assessment cases: the case manager all, a committee member those of any committee they sat on."""
    if user.has_perm("identification.assess"):
        return queryset.filter(committees__members__assessor=user).distinct()
    return queryset.none()


@_always_with("identification.manage_cases")
def can_see_person_data(user: Viewer, case: Any) -> bool:
    """Whoever may open the case (`cases_for`): the case manager and the members of the case's committees;
    nobody else, not even the referrer. One query for a committee member."""
    return cases_for(user, type(case).objects.filter(pk=case.pk)).exists()


def can_see_outcome(user: Viewer, application: Any) -> bool:
    """The outcome of an assessment: the case manager and committee members always; a referrer only when the
    person consented to showing it to the referrer."""
    if not is_signed_in(user):
        return False
    case = application.case_or_none()
    if case is not None and can_see_person_data(user, case):
        return True
    return bool(
        user.has_perm("identification.submit_application") and application.has_consent("referrer_outcome")
    )


def ind_applications_for(user: Viewer, queryset: Q_T, *, b83_covered: Iterable[str]) -> Q_T:
    """For the IND: applications covered by the B8/3 regulation (the nationality statuses `b83_covered`)
    whose person consents to the IND being told that an assessment runs. Nothing else of any application."""
    if not (is_signed_in(user) and user.has_perm("identification.view_ind_status")):
        return queryset.none()
    consents = queryset.model._meta.get_field("consents").related_model
    consented = consents._default_manager.filter(
        application=OuterRef("pk"), purpose="ind_status", withdrawn_at__isnull=True
    )
    return queryset.filter(Exists(consented), nationality_status__in=list(b83_covered))


@_all_rows_with("identification.view_ind_status")
def ind_transmissions_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Opinions sent to the IND (each was sent only with the person's consent)."""
    return queryset.none()


@_all_rows_with("identification.answer_consultation")
def consultations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if user.has_perm("identification.ask_consultation"):
        return queryset.filter(asked_by=user)
    return queryset.none()


# --- planning ---------------------------------------------------------------------------------------------
# Scenarios are aggregate models, shared by everyone who plans: all of them or none.


@_all_rows_with("planning.view_planning")
def scenarios_for(user: Viewer, queryset: Q_T) -> Q_T:
    return queryset.none()


# --- collection (data-collection rounds) -------------------------------------------------------------------
#
# The national coordination centre (`collection.manage_rounds`) sees every round, region form and
# contribution. A coordinator (`collection.fill_region_form`) sees the rounds the own region takes part in,
# the own region's form and the contributions to it. A contributor (`collection.contribute`) sees only the
# contributions of the own municipality or organisation to the own region's form; never a region form, never
# another contributor's answers. Everybody else sees nothing.


def _contributor_condition(user: Any, prefix: str = "") -> Q | None:
    """Contributions of the contributor's own party (municipality or organisation) in the own region."""
    region_id = getattr(user, "region_id", None)
    municipality_id = getattr(user, "municipality_id", None)
    own_organisation = getattr(user, "organisation_id", None)
    if not region_id or not user.has_perm("collection.contribute"):
        return None
    if municipality_id:
        party = Q(**{f"{prefix}municipality_id": municipality_id})
    elif own_organisation:
        party = Q(**{f"{prefix}organisation_id": own_organisation})
    else:
        return None
    return party & Q(**{f"{prefix}submission__region_id": region_id})


@_all_rows_with("collection.manage_rounds")
def _collection_scope(
    user: Viewer, queryset: Q_T, region_path: str, contributor_prefix: str | None, distinct: bool = False
) -> Q_T:
    """The rule above for one model: `region_path` leads from it to the region form's region;
    `contributor_prefix` from it to a contribution (None: contributors see none of these)."""
    scoped = queryset.none()
    region_id = getattr(user, "region_id", None)
    if region_id and user.has_perm("collection.fill_region_form"):
        scoped = queryset.filter(**{region_path: region_id})
    elif contributor_prefix is not None:
        condition = _contributor_condition(user, contributor_prefix)
        if condition is not None:
            scoped = queryset.filter(condition)
    return scoped.distinct() if distinct else scoped


def collection_rounds_for(user: Viewer, queryset: Q_T) -> Q_T:
    return _collection_scope(
        user, queryset, "submissions__region_id", "submissions__contributions__", distinct=True
    )


def collection_submissions_for(user: Viewer, queryset: Q_T) -> Q_T:
    return _collection_scope(user, queryset, "region_id", None)


def collection_contributions_for(user: Viewer, queryset: Q_T) -> Q_T:
    return _collection_scope(user, queryset, "submission__region_id", "")


def can_fill_region_form(user: Viewer, submission: Any) -> bool:
    """The region's own coordinator; the national coordination centre reviews but does not fill in."""
    return (
        is_signed_in(user)
        and user.has_perm("collection.fill_region_form")
        and getattr(user, "region_id", None) == submission.region_id
    )


def can_fill_contribution(user: Viewer, contribution: Any) -> bool:
    """Only a contributor of the contribution's own party and region."""
    if not is_signed_in(user):
        return False
    condition = _contributor_condition(user)
    return condition is not None and type(contribution).objects.filter(condition, pk=contribution.pk).exists()
