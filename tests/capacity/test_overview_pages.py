"""The social map, exports, provider pages and their permissions."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from opvangnet.audit.models import AuditEntry
from opvangnet.capacity.models import AvailabilitySnapshot
from opvangnet.capacity.services import Availability, record_availability
from tests.builders import make_offer
from tests.personas import Cast

pytestmark = pytest.mark.django_db


def test_the_overview_lists_offers_with_totals_and_filters(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="Crisis A", places=5, free_places=2)
    make_offer(
        cast.secret_b, name="Long B", care_type="long_term", places=10, free_places=0, occupied_places=10
    )
    make_offer(cast.public_a, name="Help A", care_type="ambulant", places=30, free_places=12)
    response = client.get(reverse("capacity:overview"))
    assert response.status_code == 200
    totals = response.context["totals"].national
    # An ambulant place is not a bed: the two are never added up.
    assert (totals.offers, totals.beds, totals.free_beds) == (3, 15, 2)
    assert (totals.ambulant_places, totals.free_ambulant_places) == (30, 12)
    assert {r.code: r.beds for r in response.context["totals"].regions} == {"VO04": 5, "VO28": 10}
    filtered = client.get(reverse("capacity:overview"), {"care_type": "long_term"})
    assert [offer.name for offer, _address in filtered.context["rows"]] == ["Long B"]
    only_free = client.get(reverse("capacity:overview"), {"free": "on"})
    assert [offer.name for offer, _address in only_free.context["rows"]] == ["Crisis A", "Help A"]


def test_the_remembered_parts_of_the_overview_follow_every_change(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, name="Crisis A", places=5, free_places=2, occupied_places=3)
    make_offer(cast.secret_b, name="Help B", care_type="ambulant", places=30, free_places=12)
    client.force_login(cast.alice)

    def region_row(region_name: str) -> list[str]:
        html = client.get(reverse("capacity:overview")).content.decode()
        heading = f'<th scope="row" class="utrecht-table__cell">{region_name}</th>'
        row = html.split(heading)[1].split("</tr>")[0]
        return [cell.split(">")[1].split("<")[0] for cell in row.split("<td")[1:]]

    region_name = offer.location.municipality.region.name
    assert region_row(region_name)[:3] == ["1", "5", "2"]  # offers, beds, free beds
    record_availability(cast.carol, offer, Availability(free_places=0, occupied_places=5, waiting_list=0))
    assert region_row(region_name)[:3] == ["1", "5", "0"]
    # The filter form drawn once is drawn again for other filters and another language.
    filtered = client.get(reverse("capacity:overview"), {"care_type": "ambulant"}).content.decode()
    assert '<option value="ambulant" selected' in filtered
    client.cookies["django_language"] = "en"
    english = client.get(reverse("capacity:overview"), {"care_type": "ambulant"}).content.decode()
    assert "All regions" in english


def test_the_overview_answers_htmx_with_the_results_only(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="Crisis A")
    response = client.get(reverse("capacity:overview"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Crisis A" in response.content.decode()


def test_a_stale_offer_is_marked_not_current(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="Old", availability_updated_at=None)
    assert "niet actueel" in client.get(reverse("capacity:overview")).content.decode()


@pytest.mark.parametrize("who", ["paul", "anonymous"])
def test_no_secret_address_in_overview_print_or_exports(cast: Cast, client: Client, who: str) -> None:
    make_offer(cast.secret_a)
    make_offer(cast.secret_b)
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    pages = [reverse("capacity:overview"), reverse("capacity:print")]
    if who != "anonymous":
        pages += [reverse("capacity:export_csv")]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Geheimstraat" not in body
        assert "Verborgenlaan" not in body
    if who != "anonymous":
        workbook = load_workbook(io.BytesIO(client.get(reverse("capacity:export_xlsx")).content))
        cells = " ".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row)
        assert "Geheimstraat" not in cells
        assert "Crisisopvang A" in cells


def test_exports_need_a_login_carry_ordinary_addresses_and_never_a_secret_one(
    cast: Cast, client: Client
) -> None:
    make_offer(cast.secret_a)
    make_offer(cast.public_a)
    assert client.get(reverse("capacity:export_csv")).status_code == 302
    for user in (cast.alice, cast.nina):
        client.force_login(user)
        csv_text = client.get(reverse("capacity:export_csv")).content.decode()
        assert "Openbaarplein 2" in csv_text
        assert "Geheimstraat" not in csv_text
        assert csv_text.splitlines()[0].startswith("Regio;Organisatie")
    assert AuditEntry.objects.filter(action="capacity.exported", actor=cast.nina).count() == 1
    client.force_login(cast.carol)
    assert "Geheimstraat 7" in client.get(reverse("capacity:export_csv")).content.decode()


def test_exported_text_cannot_become_a_spreadsheet_formula(cast: Cast, client: Client) -> None:
    make_offer(cast.secret_a, name="=HYPERLINK(1)")
    client.force_login(cast.alice)
    assert "'=HYPERLINK(1)" in client.get(reverse("capacity:export_csv")).content.decode()


def test_a_provider_updates_availability_on_its_page(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.carol)
    page = client.get(reverse("capacity:mine"))
    assert offer.name in page.content.decode()
    prefix = f"offer-{offer.pk}"
    response = client.post(
        reverse("capacity:availability", args=[offer.pk]),
        {f"{prefix}-free_places": 0, f"{prefix}-occupied_places": 5, f"{prefix}-waiting_list": 1},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.free_places == 0
    client.force_login(cast.alice)
    assert "<strong>0</strong>" in client.get(reverse("capacity:overview")).content.decode()


def test_a_provider_cannot_change_another_organisations_offer_on_the_page(cast: Cast, client: Client) -> None:
    theirs = make_offer(cast.secret_b)
    hidden = make_offer(cast.secret_b, active=False)
    client.force_login(cast.carol)
    prefix = f"offer-{theirs.pk}"
    data = {f"{prefix}-free_places": 0, f"{prefix}-occupied_places": 5, f"{prefix}-waiting_list": 0}
    assert client.post(reverse("capacity:availability", args=[theirs.pk]), data).status_code == 403
    assert client.post(reverse("capacity:availability", args=[hidden.pk]), data).status_code == 404
    assert client.get(reverse("capacity:offer_edit", args=[theirs.pk])).status_code == 403
    assert theirs.name not in client.get(reverse("capacity:mine")).content.decode()
    assert not AvailabilitySnapshot.objects.exists()


def test_confirming_unchanged_availability_refreshes_it(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, availability_updated_at=None)
    client.force_login(cast.carol)
    response = client.post(reverse("capacity:confirm", args=[offer.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    offer.refresh_from_db()
    assert not offer.is_stale()
    assert offer.free_places == 2


def test_an_htmx_update_with_impossible_numbers_shows_the_error_in_place(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a, places=5)
    client.force_login(cast.carol)
    prefix = f"offer-{offer.pk}"
    response = client.post(
        reverse("capacity:availability", args=[offer.pk]),
        {f"{prefix}-free_places": 5, f"{prefix}-occupied_places": 5, f"{prefix}-waiting_list": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "overschrijden" in response.content.decode()
    assert not AvailabilitySnapshot.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("paul", 403), ("alice", 403), ("carol", 200), ("nina", 200)],
)
def test_who_may_open_the_provider_pages(cast: Cast, client: Client, who: str, status: int) -> None:
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    for name in ("capacity:mine", "capacity:offer_new", "capacity:import"):
        assert client.get(reverse(name)).status_code == status, (who, name)


def test_a_provider_creates_an_offer_only_at_its_own_locations(cast: Cast, client: Client) -> None:
    client.force_login(cast.carol)
    data = {
        "location": cast.secret_b.pk,
        "name": "Nieuw",
        "care_type": "crisis",
        "exploitation": ["sexual"],
        "genders": ["woman"],
        "min_age": 18,
        "max_age": 99,
        "languages": "nl, EN",
        "security_level": "standard",
        "places": 4,
        "active": "on",
    }
    refused = client.post(reverse("capacity:offer_new"), data)
    assert refused.status_code == 200
    assert "location" in refused.context["form"].errors
    data["location"] = cast.secret_a.pk
    created = client.post(reverse("capacity:offer_new"), data)
    assert created.status_code == 302
    offer = cast.secret_a.offers.get(name="Nieuw")
    assert offer.language_codes() == ["nl", "en"]
    assert offer.exploitation_types() == ["sexual"]


def test_the_offer_page_shows_history_and_hides_the_secret_address(cast: Cast, client: Client) -> None:
    offer = make_offer(cast.secret_a)
    client.force_login(cast.paul)
    page = client.get(reverse("capacity:offer", args=[offer.pk])).content.decode()
    assert "Geheimstraat" not in page
    client.force_login(cast.alice)
    assert "Geheimstraat" not in client.get(reverse("capacity:offer", args=[offer.pk])).content.decode()
    client.force_login(cast.carol)
    assert "Geheimstraat" in client.get(reverse("capacity:offer", args=[offer.pk])).content.decode()


def test_a_remembered_row_is_drawn_anew_when_what_it_shows_changes(cast: Cast, client: Client) -> None:
    """The overview keeps each offer's row for a while; every value the row shows is part of its key."""
    from opvangnet.capacity.services import Availability, record_availability, save_offer

    offer = make_offer(cast.secret_a, name="Crisis A", places=5, free_places=2, occupied_places=3)
    overview = reverse("capacity:overview")
    client.force_login(cast.alice)
    assert "Crisis A" in client.get(overview).content.decode()
    record_availability(cast.carol, offer, Availability(free_places=1, occupied_places=4, waiting_list=0))
    offer.refresh_from_db()
    offer.name = "Crisis A (nieuw)"
    save_offer(cast.carol, offer)
    row = client.get(overview).content.decode().split(f'id="offer-{offer.pk}"')[1].split("</tr>")[0]
    assert "Crisis A (nieuw)" in row
    assert "<strong>1</strong>" in row
    # The same offer as its own organisation sees it: the secret address, which alice's row never holds.
    assert "Geheimstraat 7" not in row
    client.force_login(cast.carol)
    own = client.get(overview).content.decode().split(f'id="offer-{offer.pk}"')[1].split("</tr>")[0]
    assert "Geheimstraat 7" in own
