"""Publications of the national picture for a period: CSV, XLSX and a PDF report with the same charts.

Only aggregates: no client code, no name, no address ever reaches a publication; suppression follows the role.
"""

from __future__ import annotations

import csv
import hashlib
import io

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from opvangnet.core import disclosure
from opvangnet.core.exports import safe_cell, workbook_bytes
from opvangnet.core.periods import Period
from opvangnet.insights import figures as fig
from opvangnet.insights import pages
from opvangnet.insights.publish import View

BREAKDOWNS = (
    ("region",),
    ("police_unit",),
    ("care_type",),
    ("exploitation",),
    ("gender",),
    ("age_group",),
    ("need",),
)


def tables(period: Period, *, suppressed: bool) -> list[pages.Table]:
    facts = fig.facts_for(period)
    result = [
        pages.breakdown_table(
            facts, by, suppressed=suppressed, caption=" × ".join(pages._dimension_label(d) for d in by)
        )
        for by in BREAKDOWNS
    ]
    destinations, lengths, returns = pages.exit_tables(period, suppressed=suppressed)
    result += [
        pages.trend_table(period, suppressed=suppressed, facts=facts),
        pages.refusal_reasons_table(facts, suppressed=suppressed),
        destinations,
        lengths,
        returns,
        pages.flow_table(period, suppressed=suppressed),
    ]
    return result


def to_csv(period: Period, *, suppressed: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("National picture"), period.label, _("suppressed") if suppressed else _("exact")])
    for table in tables(period, suppressed=suppressed):
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def to_xlsx(period: Period, *, suppressed: bool) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for index, table in enumerate(tables(period, suppressed=suppressed), start=1):
        sheet = workbook.create_sheet(f"{index} {table.caption}"[:31].replace("/", "-").replace(":", ""))
        sheet.append([table.caption, period.label])
        sheet.append(table.columns)
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
        sheet.freeze_panes = "A3"
    return workbook_bytes(workbook)


def to_pdf(period: Period, *, suppressed: bool) -> bytes:
    """The report through WeasyPrint: key figures, every table with its chart (SVG data URIs).

    WeasyPrint takes seconds for a report of this size, so the PDF is kept for the same page (the same HTML
    apart from the moment it was made): a download repeated while nothing changed is immediate, and any change
    in the figures gives new HTML and a new PDF."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    facts = fig.facts_for(period)
    generated = timezone.localtime()
    html = render_to_string(
        "insights/report_pdf.html",
        {
            "period": period,
            "suppressed": suppressed,
            "threshold": disclosure.threshold(),
            "threshold_below": disclosure.threshold() - 1,
            "generated": generated,
            "key_figures": pages.key_figures(View(facts, (), suppressed=suppressed)),
            "tables": tables(period, suppressed=suppressed),
        },
    )
    stamp = generated.strftime("%Y-%m-%d %H:%M")
    key = "insights:pdf:" + hashlib.sha256(html.replace(stamp, "").encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        stylesheet = finders.find("insights/report.css")
        found = HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)] if stylesheet else None)
        cache.set(key, found, fig.CACHE_SECONDS)
    return found
