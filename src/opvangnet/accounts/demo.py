"""Demo users: one well-known login per role, plus synthetic staff for every region and provider."""

from __future__ import annotations

import base64
import binascii
import random
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.regions.demo import DemoOrganisations
from opvangnet.regions.models import Municipality, Organisation, OrganisationKind, Region

DEMO_PASSWORD = "opvangnet-demo"  # noqa: S105 - published on purpose: demo data only, refused in production
# Every demo login's authenticator app holds this published key (hex, as django-otp stores it), so a visitor
# needs one app entry, or `opvangnet demo_code`, for all of them. Demo data only, refused in production.
DEMO_TOTP_KEY = binascii.hexlify(b"opvangnet-demo-2fa!!").decode()

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Daan",
    "Eva",
    "Fatima",
    "Sanne",
    "Lars",
    "Noor",
    "Mohamed",
    "Iris",
    "Jesse",
    "Lotte",
    "Sem",
    "Yara",
    "Ruben",
    "Zeynep",
    "Thijs",
    "Femke",
    "Milan",
    "Esra",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Yilmaz",
    "El Amrani",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kramer",
    "Dekker",
    "Brouwer",
    "Koster",
    "Willems",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


def _user(username: str, role: str, rng: random.Random, password_hash: str, **scope: Any) -> User:
    return User(
        username=username,
        role=role,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email=f"{username}@example.org",
        password=password_hash,
        **scope,
    )


def seed_users(rng: random.Random, organisations: DemoOrganisations) -> list[DemoLogin]:
    """Create the demo logins and staff; every password is DEMO_PASSWORD (hashed once, for speed)."""
    password_hash = make_password(DEMO_PASSWORD)
    regions = list(Region.objects.order_by("code"))
    home_region = next((r for r in regions if r.central_municipality_code == "GM0363"), regions[0])
    home_provider = next(
        (p for p in organisations.providers if p.municipality and p.municipality.region_id == home_region.pk),
        organisations.providers[0],
    )
    police = organisations.police[0]
    logins: list[tuple[str, str, dict[str, Any], str]] = [
        ("zorgcoordinator", Role.COORDINATOR, {"region": home_region}, home_region.name),
        ("aanbieder", Role.PROVIDER, {"organisation": home_provider}, home_provider.name),
        (
            "landelijk",
            Role.NATIONAL_COORDINATOR,
            {"organisation": organisations.national_centre},
            "landelijk",
        ),
        ("beleidsmaker", Role.POLICY_MAKER, {}, "landelijk"),
        ("beoordelaar", Role.ASSESSOR, {}, "landelijk"),
        ("ind", Role.IND_OFFICER, {"organisation": organisations.ind}, organisations.ind.name),
        ("beheerder", Role.ADMINISTRATOR, {"is_staff": True}, "landelijk"),
        # A second administrator, so that the four-eyes grant of a sensitive role can be tried.
        ("beheerder2", Role.ADMINISTRATOR, {"is_staff": True}, "landelijk"),
        ("ketenpartner", Role.CHAIN_PARTNER, {"organisation": police}, police.name),
        # The national categorical places answer their own proposals.
        *(
            (name, Role.PROVIDER, {"organisation": organisation}, organisation.name)
            for name, organisation in organisations.categorical.items()
        ),
        *_contributor_logins(home_region),
    ]
    users = [_user(name, role, rng, password_hash, **scope) for name, role, scope, _ in logins]
    for region in regions:
        users.append(_user(f"zc-{region.code.lower()}", Role.COORDINATOR, rng, password_hash, region=region))
    for number, provider in enumerate(organisations.providers, start=1):
        users.append(_user(f"staff-{number}", Role.PROVIDER, rng, password_hash, organisation=provider))
    for number in range(1, 7):
        users.append(_user(f"assessor-{number}", Role.ASSESSOR, rng, password_hash))
    User.objects.bulk_create(users)
    return [DemoLogin(name, str(Role(role).label), scope_label) for name, role, _, scope_label in logins]


def add_demo_second_factors() -> int:
    """Give every demo user without one the demo authenticator (run after every app made its users)."""
    users = User.objects.filter(totpdevice__isnull=True)
    devices = TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True, tolerance=2) for user in users
    )
    return len(devices)


def demo_totp_key_base32() -> str:
    """The demo key as authenticator apps take it, in groups of four."""
    key = base64.b32encode(binascii.unhexlify(DEMO_TOTP_KEY)).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def current_demo_code() -> str:
    totp = TOTP(binascii.unhexlify(DEMO_TOTP_KEY))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _contributor_logins(region: Region) -> list[tuple[str, str, dict[str, Any], str]]:
    """A municipality and an umbrella organisation that contribute to the demo region's data collection."""
    logins: list[tuple[str, str, dict[str, Any], str]] = []
    municipality = Municipality.objects.filter(cbs_code=region.central_municipality_code).first()
    if municipality is not None:
        scope = {"region": region, "municipality": municipality}
        logins.append(("gemeente", Role.CONTRIBUTOR, scope, f"Gemeente {municipality.name}"))
    umbrella = Organisation.objects.filter(kind=OrganisationKind.UMBRELLA).order_by("name").first()
    if umbrella is not None:
        scope = {"region": region, "organisation": umbrella}
        logins.append(("koepel", Role.CONTRIBUTOR, scope, f"{umbrella.name} ({region.name})"))
    return logins


def describe_logins(logins: list[DemoLogin]) -> str:
    """The lines `seed` and `demo` print so a person can log in as each role."""
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {login.username:<16} {login.role:<28} {login.scope}" for login in logins]
    lines += [
        "",
        "Second factor (every role needs one): add this key to an authenticator app, the same for every",
        f"demo login: {demo_totp_key_base32()}",
        "or print the current code with: .venv/bin/opvangnet demo_code",
    ]
    return "\n".join(lines)
