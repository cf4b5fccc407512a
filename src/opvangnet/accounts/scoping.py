"""The one place that decides which rows each user may see.

Every list and every detail, in pages and API alike, goes through `<Model>.objects.visible_to(user)`, which
delegates here. Rules:

- Regions and municipalities are public reference data.
- Active organisations and active locations are visible to everyone, including anonymous visitors (the
  public social map); inactive ones only to roles with `regions.view_inactive` and to their own organisation.
- A location's *address* is a separate question (`can_see_address`): a secret address only for roles that
  place people there (`regions.view_secret_address`) and for the location's own organisation; an ordinary
  address for roles with `regions.view_address`. Policy makers, IND officers, assessors and anonymous
  visitors see no addresses at all.
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

from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from opvangnet.accounts.models import User
    from opvangnet.capacity.models import Offer
    from opvangnet.regions.models import Location

    # Whoever is looking: a signed-in user or an anonymous visitor of the public pages.
    Viewer: TypeAlias = User | AnonymousUser

Q_T = TypeVar("Q_T", bound=QuerySet[Any])


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


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


def locations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if is_signed_in(user) and user.has_perm("regions.view_inactive"):
        return queryset
    own = organisation_id(user)
    public = Q(active=True, organisation__active=True)
    return queryset.filter(public | Q(organisation_id=own) if own else public)


def can_see_address(user: Viewer, location: Location) -> bool:
    if not is_signed_in(user):
        return False
    if location.organisation_id == organisation_id(user):
        return True
    if location.secret_address:
        return user.has_perm("regions.view_secret_address")
    return user.has_perm("regions.view_address")


def users_for(user: Viewer, queryset: Q_T) -> Q_T:
    from opvangnet.accounts.roles import Role

    if not is_signed_in(user):
        return queryset.none()
    if user.has_perm("accounts.view_user"):
        return queryset
    role = getattr(user, "role", "")
    organisation_id = getattr(user, "organisation_id", None)
    region_id = getattr(user, "region_id", None)
    if role == Role.PROVIDER and organisation_id:
        return queryset.filter(organisation_id=organisation_id)
    if role == Role.COORDINATOR and region_id:
        return queryset.filter(role=Role.COORDINATOR, region_id=region_id)
    return queryset.filter(pk=user.pk)


def offers_for(user: Viewer, queryset: Q_T) -> Q_T:
    from opvangnet.regions.models import Location

    queryset = queryset.filter(location__in=locations_for(user, Location.objects.all()))
    if is_signed_in(user) and user.has_perm("regions.view_inactive"):
        return queryset
    own = organisation_id(user)
    return queryset.filter(Q(active=True) | Q(location__organisation_id=own) if own else Q(active=True))


def offers_editable_by(user: Viewer, queryset: Q_T) -> Q_T:
    if not is_signed_in(user):
        return queryset.none()
    if user.has_perm("capacity.change_offer"):
        return queryset
    own = organisation_id(user)
    if own and user.has_perm("capacity.manage_own_offers"):
        return queryset.filter(location__organisation_id=own)
    return queryset.none()


def can_edit_offer(user: Viewer, offer: Offer) -> bool:
    if not is_signed_in(user):
        return False
    if user.has_perm("capacity.change_offer"):
        return True
    own = organisation_id(user)
    return bool(own) and own == offer.location.organisation_id and user.has_perm("capacity.manage_own_offers")


def placement_requests_for(user: Viewer, queryset: Q_T) -> Q_T:
    if not is_signed_in(user):
        return queryset.none()
    if user.has_perm("placement.view_all_requests"):
        return queryset
    region_id = getattr(user, "region_id", None)
    if region_id and user.has_perm("placement.request_placement"):
        return queryset.filter(region_id=region_id)
    own = organisation_id(user)
    if own and user.has_perm("placement.answer_proposals"):
        return queryset.filter(proposals__offer__location__organisation_id=own).distinct()
    return queryset.none()


def proposals_for_provider(user: Viewer, queryset: Q_T) -> Q_T:
    own = organisation_id(user)
    if not own or not user.has_perm("placement.answer_proposals"):
        return queryset.none()
    return queryset.filter(offer__location__organisation_id=own)


def applications_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Identification applications: the case manager all; a committee member those of their cases; a referrer
    (`identification.submit_application`) those they or their organisation entered."""
    if not is_signed_in(user):
        return queryset.none()
    if user.has_perm("identification.manage_cases"):
        return queryset
    condition = Q(pk__in=[])
    if user.has_perm("identification.assess"):
        condition |= Q(case__committees__members__assessor=user)
    if user.has_perm("identification.submit_application"):
        condition |= Q(created_by=user)
        own = organisation_id(user)
        if own:
            condition |= Q(referrer_organisation_id=own)
    return queryset.filter(condition).distinct()


def cases_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Assessment cases: the case manager all, a committee member those of any committee they sat on."""
    if not is_signed_in(user):
        return queryset.none()
    if user.has_perm("identification.manage_cases"):
        return queryset
    if user.has_perm("identification.assess"):
        return queryset.filter(committees__members__assessor=user).distinct()
    return queryset.none()


def can_see_person_data(user: Viewer, case: Any) -> bool:
    """The case manager and the members of the case's committees; nobody else, not even the referrer."""
    if not is_signed_in(user):
        return False
    if user.has_perm("identification.manage_cases"):
        return True
    return bool(
        user.has_perm("identification.assess") and case.committees.filter(members__assessor=user).exists()
    )


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


def ind_applications_for(user: Viewer, queryset: Q_T) -> Q_T:
    """For the IND: applications covered by the B8/3 regulation whose person consents to the IND being told
    that an assessment runs. Nothing else of any application."""
    from opvangnet.identification.models import B83_COVERED, Consent

    if not (is_signed_in(user) and user.has_perm("identification.view_ind_status")):
        return queryset.none()
    consented = Consent.objects.filter(
        application=OuterRef("pk"), purpose="ind_status", withdrawn_at__isnull=True
    )
    return queryset.filter(Exists(consented), nationality_status__in=B83_COVERED)


def ind_transmissions_for(user: Viewer, queryset: Q_T) -> Q_T:
    """Opinions sent to the IND (each was sent only with the person's consent)."""
    if is_signed_in(user) and user.has_perm("identification.view_ind_status"):
        return queryset
    return queryset.none()


def consultations_for(user: Viewer, queryset: Q_T) -> Q_T:
    if not is_signed_in(user):
        return queryset.none()
    if user.has_perm("identification.answer_consultation"):
        return queryset
    if user.has_perm("identification.ask_consultation"):
        return queryset.filter(asked_by=user)
    return queryset.none()
