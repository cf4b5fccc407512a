"""No English on a Dutch page: every page, as every role, checked against the message catalogues.

Every English source string that has a Dutch translation different from itself must not show on a page
rendered in Dutch: in the visible text, nor in what a screen reader reads (aria-label, alt, title,
placeholder). A string that shows in English was not marked for translation, or its translation is missing.
Text inside an element marked `lang="en"` (the language switch's "English") is English on purpose.
"""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.test import Client

from opvangnet import settings as project_settings
from tests.access_matrix import build_world
from tests.pages import Visit, page_visits
from tests.personas import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

SPOKEN_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
# Code (identifiers, URLs) is the same in every language.
SKIPPED_ELEMENTS = {"script", "style", "template", "head", "code"}
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# English words that are also Dutch words (or names that stay as they are), so a lone one proves nothing.
SAME_IN_DUTCH = {"basis", "Pools"}
# Text the test builders write (offer names, an assessor's reasoning), not the site's own.
TEST_DATA = re.compile(r"Offer \d+|View of \w+\.|Joint reasons\.")


def _catalogues() -> list[Path]:
    package = Path(project_settings.PACKAGE_DIR)
    ours = sorted(package.glob("**/locale/nl/LC_MESSAGES/django.mo"))
    django_core = Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.mo"
    return [*ours, django_core]


def english_phrases() -> set[str]:
    """The English fragments to look for: each msgid's literal text between placeholders and tags.

    From our own catalogues: phrases of two words or more and capitalised single words (labels, headings,
    buttons) of four letters or more; a lower-case single word ("offers") is too often a code. From
    Django's catalogue (form errors, widgets): phrases of three words or more only (its short strings,
    "and", "Mon", are too common to prove anything)."""
    phrases: set[str] = set()
    django_core = _catalogues()[-1]
    for path in _catalogues():
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for key, dutch in catalogue.items():
            english = key[0] if isinstance(key, tuple) else key
            if not english or "\x04" in english or dutch == english:
                continue  # the header, a string with a context, or one that is the same in both
            for fragment in re.split(r"%\(\w+\)[sdf]|%[sd]|\{\w*\}|<[^>]+>|\n", english):
                fragment = " ".join(fragment.split()).strip(" .,:;()–-")
                words = fragment.split()
                if fragment in dutch:
                    continue  # kept in the translation: a name ("Opvangnet", "B8/3"), not English
                if path == django_core:
                    if len(words) >= 3:
                        phrases.add(fragment)
                elif len(words) >= 2 or (
                    len(fragment) >= 4 and fragment[0].isupper() and fragment not in SAME_IN_DUTCH
                ):
                    phrases.add(fragment)
    return phrases


class _Text(HTMLParser):
    """The text a reader sees or hears, leaving out script, style and anything marked `lang="en"`."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is its content left out?

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = self._skipping() or tag in SKIPPED_ELEMENTS or values.get("lang") == "en"
        if not skip:
            self.parts += [values[name] or "" for name in SPOKEN_ATTRIBUTES if values.get(name)]
            if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
                self.parts.append(values["value"] or "")
        if tag not in VOID_ELEMENTS:
            self._stack.append(skip)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_on(text: str, phrases: set[str]) -> list[str]:
    text = TEST_DATA.sub(" ", text)
    found = []
    for phrase in phrases:
        if phrase in text and re.search(rf"(?<![\w./_-]){re.escape(phrase)}(?![\w/_-])", text):
            found.append(phrase)
    # A phrase inside a longer one found is the same finding.
    return sorted(p for p in found if not any(p != q and p in q for q in found))


def test_the_check_finds_an_untranslated_phrase() -> None:
    phrases = english_phrases()
    assert "Shelter and help" in phrases
    page = (
        '<main><h1>Opvang en hulp</h1><p lang="en">Shelter and help</p><p title="Shelter and help">x</p>'
        "</main>"
    )
    assert english_on(visible_text(page), phrases) == ["Shelter and help"]
    assert english_on(visible_text("<main><h1>Opvang en hulp</h1></main>"), phrases) == []


def test_no_page_shows_english_to_any_role(cast: Cast) -> None:
    world = build_world(cast)
    phrases = english_phrases()
    clients: dict[str, Client] = {"anon": Client()}
    problems: list[str] = []
    checked = 0
    for visit in page_visits(world):
        client = clients.get(visit.username)
        if client is None:
            client = clients[visit.username] = Client()
            client.force_login(getattr(cast, visit.username))
        response = client.get(visit.url, HTTP_ACCEPT_LANGUAGE="nl")
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        english = english_on(visible_text(response.content.decode()), phrases)
        if english:
            problems.append(_line(visit, english))
    assert checked > 250, f"only {checked} pages checked: the sweep lost its pages"
    assert not problems, f"English on {len(problems)} Dutch page(s):\n" + "\n".join(problems)


def _line(visit: Visit, english: list[str]) -> str:
    return f"{visit.route} as {visit.username} ({visit.url}): " + "; ".join(repr(e) for e in english[:8])
