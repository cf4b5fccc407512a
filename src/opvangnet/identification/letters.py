"""The texts that leave the committee on paper: the letter with the (draft) opinion and its reasons that the
case manager hands to the person, and the report to the IND made from the structured record that was sent.
Both are rendered by `pdf.render_pdf`; the words are translated like every other text."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from opvangnet.core.dutch import format_day
from opvangnet.identification.models import (
    Discipline,
    Opinion,
    OpinionKind,
    Outcome,
    SeatRole,
    StandardOfProof,
)


def _date(moment: Any) -> str:
    return format_day(moment) or "–"


def opinion_letter(opinion: Opinion, person_name: str) -> tuple[str, list[str]]:
    """Title and paragraphs of the letter for the person. Decrypts the reasons (the caller audits)."""
    case = opinion.case
    titles = {
        OpinionKind.FINAL: _("Opinion of the committee"),
        OpinionKind.DRAFT: _("Draft opinion of the committee: your response is invited"),
        OpinionKind.PRELIMINARY: _("Preliminary opinion of the committee"),
    }
    members = opinion.committee.members.all()
    composition = "; ".join(f"{SeatRole(m.role).label}: {Discipline(m.discipline).label}" for m in members)
    paragraphs = [
        _("Reference: %(ref)s") % {"ref": case.reference},
        _("Date: %(date)s") % {"date": _date(opinion.issued_at)},
        _("To: %(name)s") % {"name": person_name},
        "",
        _("Outcome: %(outcome)s") % {"outcome": Outcome(opinion.outcome).label},
        _("Standard of proof: %(standard)s") % {"standard": StandardOfProof(opinion.standard_of_proof).label},
        _("Committee: %(composition)s") % {"composition": composition},
        "",
        _("Reasons"),
        opinion.reasons,
        "",
    ]
    if opinion.kind == OpinionKind.DRAFT:
        paragraphs += [
            _(
                "This is a draft. Before the committee gives its opinion you may respond (zienswijze), in "
                "writing or orally, yourself or through your lawyer or guardian, until %(date)s."
            )
            % {"date": _date(opinion.response_due)},
        ]
    elif opinion.kind == OpinionKind.PRELIMINARY:
        paragraphs += [_("This preliminary opinion is not a decision; the assessment goes on.")]
    else:
        if opinion.draft is not None and opinion.draft.response_received_at is not None:
            paragraphs += [_("The committee took your response to the draft opinion into account."), ""]
        paragraphs += [
            _(
                "This opinion is an expert opinion, not a decision. Where you consented, it is sent to the "
                "IND, which weighs it in its own decision on residence."
            ),
            _(
                "You or your lawyer may ask for a reassessment (herbeoordeling), for example when there are "
                "new facts. Ask your case manager how."
            ),
        ]
    return titles[OpinionKind(opinion.kind)], paragraphs


def ind_report(record: dict[str, Any]) -> tuple[str, list[str]]:
    """Title and paragraphs of the PDF report for the IND, made only from the structured record sent."""
    opinion = record["opinion"]
    paragraphs = [
        _("Reference: %(ref)s") % {"ref": record["reference"]},
        _("Sent: %(date)s") % {"date": record["sent_at"][:10]},
        "",
        _("Outcome: %(outcome)s") % {"outcome": Outcome(opinion["outcome"]).label},
        _("Standard of proof: %(standard)s")
        % {"standard": StandardOfProof(opinion["standard_of_proof"]).label},
        _("Opinion given on: %(date)s") % {"date": opinion["issued_at"][:10]},
        _("Committee: %(composition)s")
        % {"composition": ", ".join(str(Discipline(d).label) for d in record["committee_disciplines"])},
    ]
    for period in record.get("reflection_periods", []):
        paragraphs.append(
            _("Reflection period granted by %(by)s: %(start)s – %(end)s")
            % {"by": period["granted_by"], "start": period["starts_on"], "end": period["ends_on"]}
        )
    if "reasons" in opinion:
        paragraphs += ["", _("Reasons"), opinion["reasons"]]
    person = record.get("person")
    if person:
        paragraphs += [
            "",
            _("Person"),
            _("Name: %(value)s") % {"value": person["name"]},
            _("Date of birth: %(value)s") % {"value": person["date_of_birth"] or "–"},
            _("Nationality: %(value)s") % {"value": person["nationality"] or "–"},
            _("V-number: %(value)s") % {"value": person["v_number"] or "–"},
        ]
    else:
        paragraphs += ["", _("The person did not consent to sending identifying data.")]
    paragraphs += [
        "",
        _(
            "Sent with the person's consent. This expert opinion is not a decision; the IND weighs it in its "
            "own decision."
        ),
    ]
    return _("Opinion on plausibility of victimhood (human trafficking)"), paragraphs
