"""The demo country: realistic in size, deterministic for a seed, and refusing to overwrite by accident."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from opvangnet.accounts.demo import DEMO_PASSWORD, current_demo_code, describe_logins
from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.capacity.models import AvailabilitySnapshot, Offer
from opvangnet.demo.seeding import seed_country
from opvangnet.regions.models import Location, Organisation, OrganisationKind, Region

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[str, str, str, bool]]:
    return list(
        Location.objects.order_by("organisation__name", "name", "address").values_list(
            "organisation__name", "name", "address", "secret_address"
        )
    )


def test_the_demo_country_covers_every_region_and_role() -> None:
    result = seed_country(seed=3)
    assert 140 <= result.organisations <= 170
    assert {r.pk for r in Region.objects.all()} == set(
        Location.objects.values_list("municipality__region", flat=True).distinct()
    )
    assert Location.objects.filter(secret_address=True).exists()
    assert Location.objects.filter(secret_address=False).exists()
    assert Offer.objects.filter(care_type="crisis", accepts_man=True).exists()
    assert AvailabilitySnapshot.objects.count() > 100 * Offer.objects.count()
    assert Offer.objects.stale().exists()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert {login.username for login in result.logins} >= {"zorgcoordinator", "aanbieder", "beheerder"}
    assert Organisation.objects.filter(kind=OrganisationKind.ENFORCEMENT).count() >= 10
    assert not User.objects.filter(totpdevice__isnull=True).exists()  # every demo login can pass two factors


@pytest.mark.sqlite_only
def test_a_demo_login_passes_the_second_factor_with_the_printed_code(client: Client) -> None:
    result = seed_country(seed=3)
    assert "demo_code" in describe_logins(result.logins)
    client.post(reverse("accounts:login"), {"username": "beheerder2", "password": DEMO_PASSWORD})
    response = client.post(reverse("accounts:second_factor"), {"code": current_demo_code()})
    assert response.status_code == 302
    assert client.get(reverse("accounts:users")).status_code == 200


@pytest.mark.sqlite_only
def test_the_same_seed_gives_the_same_country() -> None:
    seed_country(seed=7)
    first = snapshot()
    seed_country(seed=7, replace=True)
    assert snapshot() == first
    seed_country(seed=8, replace=True)
    assert snapshot() != first


@pytest.mark.sqlite_only
def test_scale_multiplies_the_regional_providers() -> None:
    def regional_providers() -> int:
        # The national categorical providers ("(demo)") exist once, whatever the scale.
        return Organisation.objects.providers().exclude(name__endswith="(demo)").count()

    one = seed_country(scale=1).organisations
    providers_one = regional_providers()
    seed_country(scale=3, replace=True)
    assert regional_providers() == 3 * providers_one
    assert Organisation.objects.count() > one


def test_seeding_a_filled_database_needs_replace() -> None:
    seed_country()
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed")


@pytest.mark.sqlite_only
def test_demo_users_can_log_in_with_the_published_password() -> None:
    seed_country()
    assert User.objects.get(username="zorgcoordinator").check_password("opvangnet-demo")


def test_the_demo_knows_routes_contacts_and_helps_a_man_with_addiction_in_crisis(client: Client) -> None:
    """Issue 16: COSM admits the B8/3 route only; every provider has a 24/7 number and contact persons with
    fictitious numbers and example addresses; the intake for a man with an addiction who needs a crisis bed
    shows the counts per rule and what comes closest, fewest rules broken first."""
    from opvangnet.regions.models import ContactPerson

    seed_country(seed=3)
    cosm = Offer.objects.filter(name__startswith="COSM")
    assert cosm.exists()
    assert set(cosm.values_list("admission_route", flat=True)) == {"b8_procedure"}
    assert not Offer.objects.exclude(name__startswith="COSM").exclude(admission_route="open").exists()
    providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER)
    assert not providers.filter(phone_24_7="").exists()
    assert not providers.exclude(contact_persons__isnull=False).exists()
    for phone, email in ContactPerson.objects.values_list("phone", "email"):
        assert phone.startswith("06-")
        assert email.endswith("@example.nl")
    assert not Region.objects.filter(coordination_phone="").exists()
    from opvangnet.placement.models import Notice

    assert Notice.objects.filter(recipient__username="aanbieder", kind="proposed").exists()

    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    assert coordinator is not None
    assert coordinator.region is not None
    client.force_login(coordinator)
    intake = {
        "region": coordinator.region.code,
        "care_type": "crisis",
        "exploitation": ["labour"],
        "gender": "man",
        "age": "35",
        "with_children": "0",
        "needs": ["addiction"],
        "security": "standard",
        "urgency": "today",
    }
    response = client.get(reverse("placement:intake_candidates"), intake, HTTP_HX_REQUEST="true")
    found = response.context["found"]
    counts = dict((code, count) for code, count, _sentence in found.rule_counts)
    assert counts["gender"] > 0
    assert counts["needs"] > 0
    assert counts["admission_route"] == cosm.filter(active=True).count()
    broken = [len(reasons) for _offer, reasons in found.excluded]
    assert broken == sorted(broken)
    assert len(found.excluded) == 10
    page = response.content.decode()
    assert "nemen geen mannen op" in page
    assert "Wat het dichtst in de buurt komt" in page
    if not found.fitting:
        assert found.national_phone.startswith("088-")
        assert found.national_phone in page
