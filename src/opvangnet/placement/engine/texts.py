"""The Dutch and English words of the reasons; a small table, not Django i18n, to keep the core pure."""

from __future__ import annotations

from collections.abc import Iterable

from .contract import CARE_TYPES, EXPLOITATION_TYPES, GENDERS, NEEDS

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "crisis": "crisisopvang",
        "long_term": "langdurige opvang",
        "transitional": "doorstroomopvang",
        "ambulant": "ambulante hulp",
        "sexual": "seksuele uitbuiting",
        "labour": "arbeidsuitbuiting",
        "criminal": "criminele uitbuiting",
        "other": "overige uitbuiting",
        "woman": "vrouwen",
        "man": "mannen",
        "non_binary": "non-binaire personen",
        "addiction": "verslaving",
        "psychiatric": "psychiatrische problematiek",
        "intellectual_disability": "licht verstandelijke beperking",
        "physical_disability": "lichamelijke beperking",
        "pregnancy": "zwangerschap",
        "no_residence_status": "geen verblijfsstatus",
        "open": "iedereen",
        "b8_procedure": "via CoMensha aangemelde mensen in de B8/3-procedure",
    },
    "en": {
        "crisis": "crisis shelter",
        "long_term": "long-term shelter",
        "transitional": "transitional shelter",
        "ambulant": "outpatient help",
        "sexual": "sexual exploitation",
        "labour": "labour exploitation",
        "criminal": "criminal exploitation",
        "other": "other exploitation",
        "woman": "women",
        "man": "men",
        "non_binary": "non-binary people",
        "addiction": "addiction",
        "psychiatric": "psychiatric problems",
        "intellectual_disability": "intellectual disability",
        "physical_disability": "physical disability",
        "pregnancy": "pregnancy",
        "no_residence_status": "no residence status",
        "open": "everyone",
        "b8_procedure": "people referred through CoMensha in the B8/3 procedure",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "care_type": "Biedt {offered}; gevraagd is {wanted}.",
        "exploitation": "Richt zich niet op {wanted}.",
        "gender": "Neemt geen {wanted} op.",
        "age": "Leeftijd {age} past niet: deze plek is voor {ages}.",
        "children": "Geen plaats voor kinderen (de cliënt heeft er {count} bij zich).",
        "needs": "Geen ondersteuning bij {wanted}.",
        "security": "Geen hoge beveiliging.",
        "avoid_region": "Ligt in regio {region}, die vermeden moet worden.",
        "admission_route": "Neemt alleen {route} op.",
        "no_free_place": "Geen vrije plaats.",
        "fits": "Past bij alle harde eisen: {care_type} voor {gender}, {exploitation}{extra}.",
        "fits_needs": "; ondersteunt {needs}",
        "fits_children": "; plaats voor kinderen",
        "fits_security": "; hoge beveiliging",
        "home_region": "In de eigen regio {region}.",
        "distance": "Op {km} km van de eigen regio ({home} → {region}).",
        "language": "Gemeenschappelijke taal: {languages}.",
        "no_common_language": "Geen gemeenschappelijke taal; een tolk is nodig.",
        "no_language_asked": "Geen taal opgegeven.",
        "free_places_one": "1 vrije plaats.",
        "free_places": "{count} vrije plaatsen.",
        "urgency_today": "Spoed (vandaag): nabijheid en vrije plaatsen wegen zwaarder.",
        "urgency_week": "Binnen een week: nabijheid en taal wegen beide zwaar.",
        "urgency_planned": "Gepland: een gemeenschappelijke taal weegt het zwaarst.",
        "no_fitting_offer": "Geen enkel aanbod met een vrije plaats past bij deze vraag.",
        "capacity_taken": (
            "Er is passend aanbod ({count}), maar de vrije plaatsen zijn nodig om anderen te plaatsen."
        ),
        "and": "en",
    },
    "en": {
        "care_type": "Offers {offered}; {wanted} was asked for.",
        "exploitation": "Does not serve {wanted}.",
        "gender": "Does not take {wanted}.",
        "age": "Age {age} does not fit: this place is for {ages}.",
        "children": "No place for children (the client brings {count}).",
        "needs": "No support for {wanted}.",
        "security": "No high security.",
        "avoid_region": "In region {region}, which must be avoided.",
        "admission_route": "Admits only {route}.",
        "no_free_place": "No free place.",
        "fits": "Meets every hard requirement: {care_type} for {gender}, {exploitation}{extra}.",
        "fits_needs": "; supports {needs}",
        "fits_children": "; room for children",
        "fits_security": "; high security",
        "home_region": "In the home region {region}.",
        "distance": "{km} km from the home region ({home} → {region}).",
        "language": "Language in common: {languages}.",
        "no_common_language": "No language in common; an interpreter is needed.",
        "no_language_asked": "No language given.",
        "free_places_one": "1 free place.",
        "free_places": "{count} free places.",
        "urgency_today": "Urgent (today): proximity and free places weigh more.",
        "urgency_week": "Within a week: proximity and language both weigh heavily.",
        "urgency_planned": "Planned: a language in common weighs most.",
        "no_fitting_offer": "No offer with a free place fits this request.",
        "capacity_taken": "Fitting offers exist ({count}), but their free places are needed to place others.",
        "and": "and",
    },
}

_ORDER = {value: index for index, value in enumerate((*CARE_TYPES, *EXPLOITATION_TYPES, *GENDERS, *NEEDS))}


def text(lang: str, key: str, **values: object) -> str:
    return TEXTS[lang][key].format(**values)


def listing(lang: str, values: Iterable[str], labelled: bool = True) -> str:
    """`a, b en c` in vocabulary order; unlabelled values (language codes) as `a, b` alphabetically."""
    items = sorted(values, key=lambda value: (_ORDER.get(value, len(_ORDER)), value))
    if not labelled:
        return ", ".join(items)
    words = [LABELS[lang].get(item, item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {TEXTS[lang]['and']} {words[-1]}"


# Age ranges as people say them, the words of `opvangnet.core.dutch.format_age_range` (this pure core has no
# gettext; a test keeps the two equal): 120 is the offers' "no upper bound".
_AGE_WORDS = {
    "nl": {"all": "alle leeftijden", "under": "tot {age}", "one": "{age} jaar", "range": "{low}–{high} jaar"},
    "en": {"all": "all ages", "under": "under {age}", "one": "{age} years", "range": "{low}–{high} years"},
}
NO_UPPER_AGE = 120


def age_range(lang: str, low: int, high: int) -> str:
    words = _AGE_WORDS[lang]
    if low <= 0 and high >= NO_UPPER_AGE:
        return words["all"]
    if high >= NO_UPPER_AGE:
        return f"{low}+"
    if low <= 0:
        return words["under"].format(age=high + 1)
    if low == high:
        return words["one"].format(age=low)
    return words["range"].format(low=low, high=high)
