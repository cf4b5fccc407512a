"""Synthetic organisations and locations for a realistic demo country (no real addresses or people).

Public bodies (the national coordination centre, the IND, the police units, the inspectorate) carry their
real names; shelter and care providers get invented names, so no real provider is misrepresented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from opvangnet.regions.models import (
    ContactPerson,
    Location,
    Municipality,
    Organisation,
    OrganisationKind,
    PoliceUnit,
    Region,
    SecurityLevel,
)

# Share of providers per region follows population roughly: the four big cities get more.
BIG_CITY_REGIONS = {"GM0363": 5, "GM0599": 4, "GM0518": 4, "GM0344": 3}
PROVIDER_PREFIXES = [
    "Stichting Veilige Haven",
    "De Schuilplaats",
    "Kompas Vrouwen- en Mannenopvang",
    "Moira Opvang",
    "Het Baken",
    "Stichting Nieuw Begin",
    "Opvang De Linde",
    "Perspectief Hulpverlening",
    "Stichting Toevlucht",
    "Zorggroep Horizon",
    "Stichting Ankerplaats",
    "Traumacentrum Herstel",
]
STREETS = [
    "Lindelaan",
    "Kastanjestraat",
    "Molenweg",
    "Stationsplein",
    "Havenkade",
    "Kerkstraat",
    "Wilhelminalaan",
    "Beukenhof",
    "Dorpsstraat",
    "Parkweg",
    "Julianastraat",
    "Vijverlaan",
]
LOCATION_KINDS = ["Crisisopvang", "Woonvoorziening", "Doorstroomhuis", "Ambulant team", "Inloop"]


@dataclass
class DemoOrganisations:
    national_centre: Organisation
    ind: Organisation
    police: list[Organisation]
    providers: list[Organisation]
    municipalities: list[Organisation]


def _address(rng: random.Random) -> tuple[str, str]:
    street = f"{rng.choice(STREETS)} {rng.randint(1, 240)}"
    postal = (
        f"{rng.randint(1000, 9999)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
    )
    return street, postal


def seed_organisations(rng: random.Random, scale: int) -> DemoOrganisations:
    """Create about 150 organisations per unit of scale, and 1–3 locations per provider. Bulk inserts."""
    regions = list(Region.objects.order_by("code"))
    municipalities_by_region: dict[int, list[Municipality]] = {}
    for municipality in Municipality.objects.order_by("cbs_code"):
        municipalities_by_region.setdefault(municipality.region_id, []).append(municipality)
    by_code = {m.cbs_code: m for ms in municipalities_by_region.values() for m in ms}

    def central(region: Region) -> Municipality:
        return by_code.get(region.central_municipality_code) or municipalities_by_region[region.pk][0]

    fixed = [
        Organisation(
            name="CoMensha (Coördinatiecentrum tegen Mensenhandel)",
            kind=OrganisationKind.NATIONAL_COORDINATION,
            municipality=by_code.get("GM0307"),
            email="helpdesk@example.org",
        ),
        Organisation(name="Immigratie- en Naturalisatiedienst", kind=OrganisationKind.IND),
        Organisation(name="Koninklijke Marechaussee", kind=OrganisationKind.ENFORCEMENT),
        Organisation(name="Nederlandse Arbeidsinspectie", kind=OrganisationKind.ENFORCEMENT),
        Organisation(name="Federatie Opvang", kind=OrganisationKind.UMBRELLA),
        Organisation(name="Vereniging van Nederlandse Gemeenten", kind=OrganisationKind.UMBRELLA),
        Organisation(name="Valente", kind=OrganisationKind.UMBRELLA),
        Organisation(name="Stichting Juridische Bijstand Slachtoffers", kind=OrganisationKind.OTHER),
        Organisation(name="Stichting FairWerk Advies", kind=OrganisationKind.OTHER),
    ]
    police = [
        Organisation(name=f"Politie eenheid {unit.name}", kind=OrganisationKind.ENFORCEMENT)
        for unit in PoliceUnit.objects.order_by("code")
    ]
    municipal = [
        Organisation(
            name=f"Gemeente {central(region).name}",
            kind=OrganisationKind.MUNICIPALITY,
            municipality=central(region),
        )
        for region in regions
    ]
    providers: list[Organisation] = []
    for copy in range(scale):
        suffix = "" if copy == 0 else f" {copy + 1}"
        for region_index, region in enumerate(regions):
            home = central(region)
            count = 2 + (region_index % 3 == 0) + BIG_CITY_REGIONS.get(region.central_municipality_code, 0)
            for index in range(count):
                prefix = PROVIDER_PREFIXES[(index + region_index) % len(PROVIDER_PREFIXES)]
                providers.append(
                    Organisation(
                        name=f"{prefix} {region.name}{suffix}",
                        kind=OrganisationKind.PROVIDER,
                        municipality=home,
                        email=f"intake{len(providers)}@example.org",
                        phone=f"0{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
                    )
                )
    created = Organisation.objects.bulk_create([*fixed, *police, *municipal, *providers])
    fixed_created = created[: len(fixed)]
    police_created = created[len(fixed) : len(fixed) + len(police)]
    municipal_created = created[len(fixed) + len(police) : len(fixed) + len(police) + len(municipal)]
    provider_created = created[len(fixed) + len(police) + len(municipal) :]

    locations: list[Location] = []
    for provider_index, organisation in enumerate(provider_created):
        region_municipalities = municipalities_by_region[organisation.municipality.region_id]  # type: ignore[union-attr]
        for number in range(rng.choice((1, 1, 2, 2, 3))):
            kind = LOCATION_KINDS[(number + provider_index) % len(LOCATION_KINDS)]
            # Crisis shelters mostly hide their address; help desks and ambulant teams never do.
            secret = kind in ("Crisisopvang", "Woonvoorziening") and rng.random() < 0.7
            street, postal = _address(rng)
            place = organisation.municipality if number == 0 else rng.choice(region_municipalities)
            locations.append(
                Location(
                    organisation=organisation,
                    name=f"{kind} {place.name}",  # type: ignore[union-attr]
                    municipality=place,
                    address=street,
                    postal_code=postal,
                    secret_address=secret,
                    security_level=SecurityLevel.HIGH
                    if secret and rng.random() < 0.4
                    else SecurityLevel.STANDARD,
                    active=rng.random() > 0.03,
                )
            )
    Location.objects.bulk_create(locations)
    return DemoOrganisations(
        national_centre=fixed_created[0],
        ind=fixed_created[1],
        police=police_created,
        providers=provider_created,
        municipalities=municipal_created,
    )


CONTACT_FIRST_NAMES = ["Anouk", "Bram", "Fatima", "Jeroen", "Lotte", "Mehmet", "Noor", "Sanne", "Tim", "Yara"]
CONTACT_LAST_NAMES = ["de Vries", "Jansen", "Bakker", "El Amrani", "Visser", "Smit", "Mulder", "de Boer"]


def seed_contacts() -> None:
    """Fictitious 24/7 numbers (088-) and contact persons (06-, example.nl) for every provider and the
    national coordination, and a care coordination number per region. Its own random stream, so the rest
    of the demo stays as it was."""
    rng = random.Random(16)
    for region in Region.objects.order_by("code"):
        region.coordination_phone = f"088-{rng.randint(1000000, 9999999)}"
        region.save(update_fields=["coordination_phone"])
    contacts = []
    organisations = Organisation.objects.filter(
        kind__in=[OrganisationKind.PROVIDER, OrganisationKind.NATIONAL_COORDINATION]
    ).order_by("pk")
    for organisation in organisations:
        organisation.phone_24_7 = f"088-{rng.randint(1000000, 9999999)}"
        organisation.save(update_fields=["phone_24_7"])
        for role in ("Intakecoördinator", "Teamleider"):
            first, last = rng.choice(CONTACT_FIRST_NAMES), rng.choice(CONTACT_LAST_NAMES)
            local = f"{first}.{last}".lower().replace(" ", "")
            contacts.append(
                ContactPerson(
                    organisation=organisation,
                    name=f"{first} {last}",
                    role=role,
                    phone=f"06-{rng.randint(10000000, 99999999)}",
                    email=f"{local}.{organisation.pk}@example.nl",
                )
            )
    ContactPerson.objects.bulk_create(contacts)
