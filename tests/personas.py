"""The fixed cast used in every test: the same people, the same places.

- Amsterdam-Amstelland (VO04) and Rijnmond (VO28) are the two regions.
- `shelter_a` (Amsterdam) runs a location with a secret address and an ordinary one; `shelter_b`
  (Rotterdam) runs a secret-address location too.
"""

from __future__ import annotations

from dataclasses import dataclass

from opvangnet.accounts.models import User
from opvangnet.accounts.roles import Role
from opvangnet.regions.models import Location, Municipality, Organisation, OrganisationKind, Region
from tests.builders import (
    make_location,
    make_municipality,
    make_organisation,
    make_police_unit,
    make_region,
    make_user,
)


@dataclass
class Cast:
    amsterdam: Region
    rijnmond: Region
    amsterdam_city: Municipality
    rotterdam_city: Municipality
    shelter_a: Organisation
    shelter_b: Organisation
    police: Organisation
    secret_a: Location
    public_a: Location
    secret_b: Location
    inactive_b: Location
    alice: User  # zorgcoördinator Amsterdam
    bob: User  # zorgcoördinator Rijnmond
    carol: User  # aanbieder, staff of shelter A
    dave: User  # aanbieder, staff of shelter B
    nina: User  # landelijk coördinator
    paul: User  # beleidsmaker
    ada: User  # beoordelaar
    ines: User  # IND-medewerker
    bea: User  # beheerder
    rick: User  # ketenpartner at the police
    gus: User  # contributor to data collection for the municipality of Amsterdam

    def everyone(self) -> list[User]:
        return [
            self.alice,
            self.bob,
            self.carol,
            self.dave,
            self.nina,
            self.paul,
            self.ada,
            self.ines,
            self.bea,
            self.rick,
            self.gus,
        ]


def build_cast() -> Cast:
    amsterdam = make_region("VO04", "Amsterdam-Amstelland", longitude=4.9, latitude=52.37)
    rijnmond = make_region("VO28", "Rotterdam-Rijnmond", longitude=4.48, latitude=51.92)
    amsterdam_city = make_municipality("GM0363", "Amsterdam", amsterdam)
    rotterdam_city = make_municipality(
        "GM0599", "Rotterdam", rijnmond, police_unit=make_police_unit("PE07", "Rotterdam")
    )
    shelter_a = make_organisation("Shelter A", municipality=amsterdam_city)
    shelter_b = make_organisation("Shelter B", municipality=rotterdam_city)
    police = make_organisation("Politie Eenheid Amsterdam", kind=OrganisationKind.ENFORCEMENT)
    return Cast(
        amsterdam=amsterdam,
        rijnmond=rijnmond,
        amsterdam_city=amsterdam_city,
        rotterdam_city=rotterdam_city,
        shelter_a=shelter_a,
        shelter_b=shelter_b,
        police=police,
        secret_a=make_location(
            shelter_a,
            name="Crisisopvang A",
            municipality=amsterdam_city,
            address="Geheimstraat 7",
            secret_address=True,
        ),
        public_a=make_location(
            shelter_a, name="Inloop A", municipality=amsterdam_city, address="Openbaarplein 2"
        ),
        secret_b=make_location(
            shelter_b,
            name="Crisisopvang B",
            municipality=rotterdam_city,
            address="Verborgenlaan 9",
            secret_address=True,
        ),
        inactive_b=make_location(
            shelter_b, name="Gesloten B", municipality=rotterdam_city, address="Oudeweg 3", active=False
        ),
        alice=make_user("alice", Role.COORDINATOR, region=amsterdam),
        bob=make_user("bob", Role.COORDINATOR, region=rijnmond),
        carol=make_user("carol", Role.PROVIDER, organisation=shelter_a),
        dave=make_user("dave", Role.PROVIDER, organisation=shelter_b),
        nina=make_user("nina", Role.NATIONAL_COORDINATOR),
        paul=make_user("paul", Role.POLICY_MAKER),
        ada=make_user("ada", Role.ASSESSOR),
        ines=make_user("ines", Role.IND_OFFICER),
        bea=make_user("bea", Role.ADMINISTRATOR, is_staff=True),
        rick=make_user("rick", Role.CHAIN_PARTNER, organisation=police),
        gus=make_user("gus", Role.CONTRIBUTOR, region=amsterdam, municipality=amsterdam_city),
    )
