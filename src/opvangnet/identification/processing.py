"""The processing register of victim-status assessment: per purpose, which kinds of personal data, on which
lawful basis (art. 6 AVG), on which exception for special categories (art. 9 AVG) and criminal-law data
(art. 10 AVG), and who receives them. Pure data, shown at /identification/privacy/ and described in
docs/dpia-identification.md; where a purpose rests on consent, the consent itself is recorded per person
and per purpose (`Consent`).

The lawful bases are the design's reading, to be confirmed by the data protection officer and a legal
instrument that assigns the task (as the Tijdelijke regeling aannemelijkheid slachtofferschap mensenhandel did
for the 2018–19 pilot).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class DataKind:
    code: str
    label: Text
    lawful_basis: Text
    exception: Text  # art. 9 / art. 10 exception, or "–"


@dataclass(frozen=True)
class Activity:
    code: str
    purpose: Text
    consent_purpose: str | None  # the `ConsentPurpose` it needs, if any
    recipients: Text
    data: tuple[DataKind, ...]


_TASK = _("Art. 6(1)(e) AVG: a task in the public interest, on the person's own application")
_CONSENT = _("Art. 6(1)(a) AVG: the person's consent for this purpose")
_EXPLICIT = _("Art. 9(2)(a) AVG and art. 22(2)(a) UAVG: explicit consent")
_CRIMINAL = _("Art. 10 AVG and art. 33(1)(a) UAVG: explicit consent")
_NONE = "–"

IDENTIFYING = DataKind(
    "identifying", _("Identifying data (name, date of birth, nationality, contact, V-number)"), _TASK, _NONE
)
ACCOUNT = DataKind("account", _("The person's account, statements, hearing minutes, files"), _TASK, _NONE)
HEALTH = DataKind("health", _("Health, including psychological and medical information"), _TASK, _EXPLICIT)
SEX_LIFE = DataKind("sex_life", _("Sex life (sexual exploitation)"), _TASK, _EXPLICIT)
OFFENCES = DataKind(
    "offences", _("Criminal-law data (offences committed against or by the person)"), _TASK, _CRIMINAL
)
RESIDENCE = DataKind("residence", _("Nationality and residence status, reflection period"), _TASK, _NONE)
OPINION = DataKind("opinion", _("The committee's opinion and its reasons"), _TASK, _EXPLICIT)
REPRESENTATIVES = DataKind(
    "representatives",
    _("Name and contact of the lawyer, interpreter and guardian"),
    _("Art. 6(1)(e) AVG: needed to hear and represent the person"),
    _NONE,
)
AUDIT = DataKind(
    "audit",
    _("Who did what with the file, when and why"),
    _("Art. 6(1)(c) AVG with art. 32 AVG: keeping the processing secure and accountable"),
    _NONE,
)

REGISTER: tuple[Activity, ...] = (
    Activity(
        "assessment",
        _("Assessment of plausibility by the committee"),
        "assessment",
        _("The case manager (secretariat) and the members of the person's committee"),
        (IDENTIFYING, ACCOUNT, HEALTH, SEX_LIFE, OFFENCES, RESIDENCE, OPINION, REPRESENTATIVES),
    ),
    Activity(
        "third_parties",
        _("Asking third parties (care, police, others) for information"),
        "third_parties",
        _("The third party asked, with only what the question needs"),
        (DataKind("third", _("What the question needs"), _CONSENT, _EXPLICIT),),
    ),
    Activity(
        "medical",
        _("Asking a doctor for medical information"),
        "medical",
        _("The doctor, on the person's written authorisation"),
        (DataKind("medical", _("Health"), _CONSENT, _EXPLICIT),),
    ),
    Activity(
        "ind_status",
        _("Telling the IND that an assessment runs"),
        "ind_status",
        _("IND"),
        (
            DataKind(
                "status", _("Reference, dates, reflection period, 'assessment running'"), _CONSENT, _NONE
            ),
        ),
    ),
    Activity(
        "ind_opinion",
        _("Sending the opinion to the IND"),
        "ind_opinion",
        _("IND"),
        (DataKind("ind_opinion", _("The opinion, its reasons and standard of proof"), _CONSENT, _EXPLICIT),),
    ),
    Activity(
        "ind_identifiers",
        _("Sending identifying data to the IND with the opinion"),
        "ind_identifiers",
        _("IND"),
        (DataKind("ind_identifiers", _("Name, date of birth, nationality, V-number"), _CONSENT, _NONE),),
    ),
    Activity(
        "referrer_outcome",
        _("Showing the outcome to the referrer"),
        "referrer_outcome",
        _("The referring organisation"),
        (DataKind("outcome", _("The outcome and its date (never the reasons)"), _CONSENT, _EXPLICIT),),
    ),
    Activity(
        "accountability",
        _("Audit log"),
        None,
        _("The case manager; operations when investigating an incident"),
        (AUDIT,),
    ),
    Activity(
        "figures",
        _("Figures (aggregated, small numbers hidden)"),
        None,
        _("Policy makers, the national coordination centre"),
        (
            DataKind(
                "aggregates",
                _("Counts only: no personal data leaves"),
                _("Art. 6(1)(e) with art. 89 AVG"),
                _NONE,
            ),
        ),
    ),
)
