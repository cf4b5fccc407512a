"""Every page of the national picture reads as Dutch: no English text of any catalogue is left on it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.insights.builders import build_picture
from tests.personas import Cast

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[2] / "src" / "opvangnet"


def english_texts() -> set[str]:
    """Every msgid of the project's Dutch catalogues whose Dutch differs from it."""
    found: set[str] = set()
    for po in SOURCE.glob("**/locale/nl/LC_MESSAGES/django.po"):
        for block in po.read_text(encoding="utf-8").split("\n\n"):
            match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.MULTILINE)
            if not match:
                continue
            msgid, msgstr = (
                "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', part)).replace('\\"', '"')
                for part in match.groups()
            )
            if msgid and msgid != msgstr and "%(" not in msgid and "{" not in msgid:
                found.add(msgid)
    return found - {"English"}  # the language switch names each language in that language


class Texts(HTMLParser):
    """The text a reader meets: text nodes and the alt, title and aria-label attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def untranslated(html: str, english: set[str]) -> set[str]:
    parser = Texts()
    parser.feed(html)
    left = set()
    for text in parser.texts:
        for msgid in english:
            if text == msgid or (len(msgid.split()) >= 3 and msgid in text):
                left.add(msgid)
    return left


@pytest.mark.parametrize("user", ["nina", "paul"])
def test_every_page_of_the_picture_reads_as_dutch(cast: Cast, user: str) -> None:
    build_picture(cast)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(getattr(cast, user))
    english = english_texts()
    assert "Placement requests" in english  # the insights catalogue is read
    pages = [
        reverse("insights:dashboard"),
        reverse("insights:region", args=["VO04"]),
        reverse("insights:gaps"),
        reverse("insights:map"),
        reverse("insights:flow"),
    ]
    for url in pages:
        response = client.get(url, {"period": "2026-01"})
        assert response.status_code == 200, url
        left = untranslated(response.content.decode(), english)
        assert not left, (url, sorted(left))
