"""Acceptance 6 of issue 15: no page or text of the identification part uses the UK terms of the National
Referral Mechanism, or "melding" for a request for assessment; the Dutch words of the practice are used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from opvangnet import identification
from opvangnet.identification import services
from tests.identification.builders import conclude, make_application, make_case
from tests.identification.conftest import Team
from tests.personas import Cast

APP = Path(identification.__file__).resolve().parent
BANNED = re.compile(
    r"melding|redelijke gronden|reasonable grounds|conclusive grounds|national referral mechanism"
    r"|heroverweging",
    re.IGNORECASE,
)
REQUIRED_DUTCH = [
    "aanvraag",
    "commissie",
    "hoorzitting",
    "oordeel",
    "slachtofferschap aannemelijk",
    "slachtofferschap niet aannemelijk",
    "herbeoordeling",
    "betrokkene",
    "gemachtigde",
    "voogd",
    "zienswijze",
    "aangehouden – nadere informatie",
    "bedenktijd",
]


def catalogue() -> str:
    return (APP / "locale" / "nl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")


def dutch_texts() -> list[str]:
    """Every msgstr of the Dutch catalogue, joined per entry."""
    texts, current = [], None
    for line in catalogue().splitlines():
        if line.startswith("msgstr "):
            current = [line[len("msgstr ") :].strip('"')]
            texts.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        else:
            current = None
    return ["".join(parts) for parts in texts]


def test_no_template_of_the_identification_part_uses_a_banned_term() -> None:
    for template in (APP / "templates").rglob("*.html"):
        assert not BANNED.search(template.read_text(encoding="utf-8")), template


def test_no_dutch_text_of_the_identification_part_uses_a_banned_term() -> None:
    offending = [text for text in dutch_texts() if BANNED.search(text)]
    assert offending == []


def test_the_dutch_catalogue_speaks_the_words_of_the_practice() -> None:
    texts = " ".join(dutch_texts()).lower()
    missing = [word for word in REQUIRED_DUTCH if word not in texts]
    assert missing == []


@pytest.mark.django_db
def test_no_rendered_identification_page_uses_a_banned_term(cast: Cast, team: Team, client: Client) -> None:
    running = make_case(
        cast.nina, cast.rick, team.ada, team.olga, team.tess, consents=["assessment", "ind_status"]
    )
    done = make_case(
        cast.nina,
        cast.rick,
        team.sam,
        team.uma,
        team.vic,
        consents=["assessment", "ind_status", "ind_opinion"],
    )
    conclude(done, cast.nina, team.sam, team.uma, team.vic)
    services.transmit_to_ind(cast.nina, done)
    waiting = make_application(cast.alice)
    pages = {
        cast.nina: [
            reverse("identification:applications"),
            reverse("identification:submit"),
            reverse("identification:application", args=[running.application_id]),
            reverse("identification:application", args=[waiting.pk]),
            reverse("identification:form_committee", args=[waiting.pk]),
            reverse("identification:cases"),
            reverse("identification:dashboard"),
            reverse("identification:case", args=[running.pk]),
            reverse("identification:case", args=[done.pk]),
            reverse("identification:hearing_plan", args=[running.pk]),
            reverse("identification:adjourn", args=[running.pk]),
            reverse("identification:reassessment", args=[done.pk]),
            reverse("identification:transmit", args=[done.pk]),
            reverse("identification:report"),
            reverse("identification:privacy"),
            reverse("identification:consultations"),
        ],
        team.ada: [
            reverse("identification:case", args=[running.pk]),
            reverse("identification:opinion", args=[running.pk]),
        ],
        cast.rick: [
            reverse("identification:application", args=[done.application_id]),
            reverse("identification:submit"),
        ],
        cast.ines: [
            reverse("identification:ind"),
            reverse("identification:ind_application", args=[done.application_id]),
        ],
        cast.paul: [reverse("identification:report")],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert not BANNED.search(text), (user.username, url, BANNED.search(text))
