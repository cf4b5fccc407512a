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

# The real four-digit postcode ranges (PC4) of the towns where demo locations stand: every region's central
# municipality and the towns of the national categorical places. Streets and letters are invented; the digits
# belong to the town, so an address reads right. Locations stand only in these towns.
POSTCODES: dict[str, tuple[tuple[int, int], ...]] = {
    "GM0014": ((9711, 9747),),  # Groningen
    "GM0034": ((1311, 1359),),  # Almere
    "GM0080": ((8911, 8935),),  # Leeuwarden
    "GM0114": ((7811, 7825),),  # Emmen
    "GM0153": ((7511, 7547),),  # Enschede
    "GM0193": ((8011, 8043),),  # Zwolle
    "GM0200": ((7311, 7339),),  # Apeldoorn
    "GM0202": ((6811, 6846),),  # Arnhem
    "GM0222": ((7001, 7009),),  # Doetinchem
    "GM0228": ((6711, 6718),),  # Ede
    "GM0268": ((6511, 6546),),  # Nijmegen
    "GM0307": ((3811, 3829),),  # Amersfoort
    "GM0344": ((3511, 3585),),  # Utrecht
    "GM0361": ((1811, 1824),),  # Alkmaar
    "GM0363": ((1011, 1098),),  # Amsterdam
    "GM0392": ((2011, 2037),),  # Haarlem
    "GM0400": ((1781, 1788),),  # Den Helder
    "GM0402": ((1211, 1223),),  # Hilversum
    "GM0479": ((1501, 1509),),  # Zaanstad (Zaandam)
    "GM0505": ((3311, 3328),),  # Dordrecht
    "GM0513": ((2801, 2809),),  # Gouda
    "GM0518": ((2491, 2597),),  # 's-Gravenhage
    "GM0546": ((2311, 2334),),  # Leiden
    "GM0599": ((3011, 3089),),  # Rotterdam
    "GM0622": ((3131, 3138),),  # Vlaardingen
    "GM0718": ((4381, 4388),),  # Vlissingen
    "GM0748": ((4611, 4625),),  # Bergen op Zoom
    "GM0758": ((4811, 4839),),  # Breda
    "GM0772": ((5611, 5658),),  # Eindhoven
    "GM0796": ((5211, 5236),),  # 's-Hertogenbosch
    "GM0855": ((5011, 5049),),  # Tilburg
    "GM0917": ((6411, 6422),),  # Heerlen
    "GM0935": ((6211, 6229),),  # Maastricht
    "GM0957": ((6041, 6045),),  # Roermond
    "GM0983": ((5911, 5928),),  # Venlo
    "GM1701": ((7971, 7975), (7981, 7981), (7991, 7991)),  # Westerveld (Havelte, Diever, Dwingeloo)
}
# The national providers of categorical places, created once whatever the scale: each gets a demo login.
CATEGORICAL_PROVIDERS = {
    "cosm": ("Stichting Categorale Opvang (demo)", "cosm@example.org"),
    "omm": ("Samenwerking OMM (demo)", "omm@example.org"),
    "mannenopvang": ("Mannenopvang Nederland (demo)", "mannen@example.org"),
}


@dataclass
class DemoOrganisations:
    national_centre: Organisation
    ind: Organisation
    police: list[Organisation]
    providers: list[Organisation]
    municipalities: list[Organisation]
    # The national categorical providers by their demo login's name (see CATEGORICAL_PROVIDERS).
    categorical: dict[str, Organisation]


def postal_code(rng: random.Random, cbs_code: str) -> str:
    """A postcode of the town (`POSTCODES`) with invented letters; KeyError for a town not in the table."""
    low, high = rng.choice(POSTCODES[cbs_code])
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    return f"{rng.randint(low, high)} {rng.choice(letters)}{rng.choice(letters)}"


def postcode_fits(postal: str, cbs_code: str) -> bool:
    """Whether the four digits of `postal` lie in the town's ranges (False for a town not in the table)."""
    digits = int(postal[:4]) if postal[:4].isdigit() else -1
    return any(low <= digits <= high for low, high in POSTCODES.get(cbs_code, ()))


def _address(rng: random.Random, cbs_code: str) -> tuple[str, str]:
    street = f"{rng.choice(STREETS)} {rng.randint(1, 240)}"
    return street, postal_code(rng, cbs_code)


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
    categorical = [
        Organisation(name=name, kind=OrganisationKind.PROVIDER, email=email)
        for name, email in CATEGORICAL_PROVIDERS.values()
    ]
    created = Organisation.objects.bulk_create([*fixed, *police, *municipal, *categorical, *providers])
    fixed_created = created[: len(fixed)]
    police_created = created[len(fixed) : len(fixed) + len(police)]
    municipal_created = created[len(fixed) + len(police) : len(fixed) + len(police) + len(municipal)]
    start = len(fixed) + len(police) + len(municipal)
    categorical_created = created[start : start + len(categorical)]
    provider_created = created[start + len(categorical) :]
    # The first provider of each region runs a crisis shelter (the demo provider is one of them).
    first_of_region: set[int] = set()
    towns_seen: set[int | None] = set()
    for index, organisation in enumerate(provider_created):
        if organisation.municipality_id not in towns_seen:
            towns_seen.add(organisation.municipality_id)
            first_of_region.add(index)

    locations: list[Location] = []
    for provider_index, organisation in enumerate(provider_created):
        for number in range(rng.choice((1, 1, 2, 2, 3))):
            offset = 0 if provider_index in first_of_region else provider_index  # kind 0: Crisisopvang
            kind = LOCATION_KINDS[(number + offset) % len(LOCATION_KINDS)]
            # Crisis shelters mostly hide their address; help desks and ambulant teams never do.
            secret = kind in ("Crisisopvang", "Woonvoorziening") and rng.random() < 0.7
            # Every location stands in the provider's town, whose postcodes are known (POSTCODES).
            place = organisation.municipality
            assert place is not None
            street, postal = _address(rng, place.cbs_code)
            locations.append(
                Location(
                    organisation=organisation,
                    name=f"{kind} {place.name}",
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
        categorical=dict(zip(CATEGORICAL_PROVIDERS, categorical_created, strict=True)),
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
