"""Plain builders with fixed defaults: `make_offer(**overrides)` style, no randomness."""

from __future__ import annotations

import itertools
from typing import Any

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.capacity.models import Offer
from opvangnet.regions.models import (
    Location,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceUnit,
    Region,
)

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_region(code: str = "VO04", name: str = "Amsterdam-Amstelland", **overrides: Any) -> Region:
    defaults = {"name": name, "longitude": 4.9, "latitude": 52.37}
    defaults.update(overrides)
    region, _ = Region.objects.get_or_create(code=code, defaults=defaults)
    return region


def make_police_unit(code: str = "PE05", name: str = "Amsterdam") -> PoliceUnit:
    unit, _ = PoliceUnit.objects.get_or_create(code=code, defaults={"name": name})
    return unit


def make_municipality(
    cbs_code: str = "GM0363", name: str = "Amsterdam", region: Region | None = None, **overrides: Any
) -> Municipality:
    defaults = {"name": name, "region": region or make_region(), "police_unit": make_police_unit()}
    defaults.update(overrides)
    municipality, _ = Municipality.objects.get_or_create(cbs_code=cbs_code, defaults=defaults)
    return municipality


def make_organisation(name: str | None = None, **overrides: Any) -> Organisation:
    fields: dict[str, Any] = {
        "name": name or f"Organisation {next(_counter)}",
        "kind": OrganisationKind.PROVIDER,
        "municipality": overrides.pop("municipality", None) or make_municipality(),
        "email": "info@example.org",
    }
    fields.update(overrides)
    return Organisation.objects.create(**fields)


def make_location(organisation: Organisation | None = None, **overrides: Any) -> Location:
    fields: dict[str, Any] = {
        "organisation": organisation or make_organisation(),
        "name": f"Location {next(_counter)}",
        "municipality": overrides.pop("municipality", None) or make_municipality(),
        "address": "Voorbeeldstraat 1",
        "postal_code": "1011 AB",
    }
    fields.update(overrides)
    return Location.objects.create(**fields)


def make_user(username: str, role: str = Role.COORDINATOR, **overrides: Any) -> User:
    if role == Role.COORDINATOR:
        overrides.setdefault("region", make_region())
    if role in (Role.PROVIDER, Role.CHAIN_PARTNER) and "organisation" not in overrides:
        overrides["organisation"] = make_organisation()
    user = User(username=username, role=role, first_name=username.capitalize(), **overrides)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_offer(location: Location | None = None, **overrides: Any) -> Offer:
    """A crisis shelter for women and men who suffered labour or sexual exploitation, 5 places, 2 free."""
    from django.utils import timezone

    fields: dict[str, Any] = {
        "location": location or make_location(),
        "name": f"Offer {next(_counter)}",
        "care_type": "crisis",
        "serves_sexual": True,
        "serves_labour": True,
        "accepts_woman": True,
        "accepts_man": True,
        "places": 5,
        "free_places": 2,
        "occupied_places": 3,
        "languages": "nl,en",
        "availability_updated_at": timezone.now(),
    }
    fields.update(overrides)
    offer = Offer(**fields)
    offer.full_clean()
    offer.save()
    return offer


def make_request(coordinator: User, **overrides: Any) -> Any:
    """A request for crisis shelter of a 30-year-old woman after sexual exploitation, made by the service."""
    from opvangnet.placement.services import create_request

    needs: dict[str, Any] = {
        "care_type": "crisis",
        "exploitation": ["sexual"],
        "gender": "woman",
        "age": 30,
        "urgency": "today",
    }
    region = overrides.pop("region", None) or coordinator.region
    needs.update(overrides)
    return create_request(coordinator, region, **needs)


def make_api_token(user: User) -> str:
    """A new API token for this user; returns the key to send as `Authorization: Token <key>`."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return str(Token.objects.create(user=user).key)
