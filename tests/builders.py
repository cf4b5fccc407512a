"""Plain builders with fixed defaults: `make_offer(**overrides)` style, no randomness."""

from __future__ import annotations

import itertools
import time
from typing import Any

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opvangnet.accounts.models import ApiToken, User
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
# Every test user's authenticator app holds this key (hex, as django-otp stores it); `totp_code()` reads it.
TOTP_KEY = "3132333435363738393031323334353637383930"
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
    second_factor = overrides.pop("second_factor", True)
    user = User(username=username, role=role, first_name=username.capitalize(), **overrides)
    user.set_password(PASSWORD)
    user.save()
    if second_factor:
        # A wide tolerance lets a test log the same person in several times within one 30-second period.
        TOTPDevice.objects.create(user=user, name="test phone", key=TOTP_KEY, confirmed=True, tolerance=10)
    return user


def totp_code(user: User) -> str:
    """A code the user's authenticator app would accept now: the current one, or, when that was used already
    (a code works once), the next unused one."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t >= totp.t():
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


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
    assert region is not None, "a request needs a region: the coordinator's or one given"
    needs.update(overrides)
    if needs["age"] < 18:  # a minor's intake names the guardian and whether youth care is involved
        needs.setdefault("guardian", "nidos")
        needs.setdefault("youth_care_involved", False)
    return create_request(coordinator, region, **needs)


def make_api_token(user: User, **overrides: Any) -> str:
    """A new API token for this user; returns the key to send as `Authorization: Token <key>`."""
    _token, key = ApiToken.objects.create(user=user, **overrides)
    return str(key)
