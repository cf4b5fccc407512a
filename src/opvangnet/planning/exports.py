"""A scenario's figures as CSV or XLSX, one row per pool (and in XLSX also per stream and the settings)."""

from __future__ import annotations

import csv
import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook

from opvangnet.core.exports import safe_cell, workbook_bytes
from opvangnet.planning import figures
from opvangnet.planning.models import Scenario


def pool_columns() -> list[tuple[str, str]]:
    return [
        ("region", _("Region")),
        ("care_type_label", _("Care type")),
        ("group", _("Target group")),
        ("places", _("Places today")),
        ("extra", _("Extra places")),
        ("needed", _("Places needed")),
        ("occupancy", _("Occupancy")),
        ("mean_occupied", _("Mean places in use")),
    ]


def to_csv(scenario: Scenario) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = pool_columns()
    writer.writerow([safe_cell(_("Scenario")), safe_cell(scenario.name)])
    writer.writerow([label for _key, label in columns])
    for row in figures.by_pool(scenario):
        writer.writerow([safe_cell(row[key]) for key, _label in columns])
    return buffer.getvalue()


def to_xlsx(scenario: Scenario) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Pools")[:31]
    columns = pool_columns()
    sheet.append([label for _key, label in columns])
    for row in figures.by_pool(scenario):
        sheet.append([safe_cell(row[key]) for key, _label in columns])
    streams = workbook.create_sheet(_("Streams")[:31])
    rows = figures.by_stream(scenario)
    keys = list(rows[0]) if rows else []
    streams.append(keys)
    for row in rows:
        streams.append([safe_cell(row[key]) for key in keys])
    about = workbook.create_sheet(_("Settings")[:31])
    about.append([_("Scenario"), safe_cell(scenario.name)])
    about.append([_("Description"), safe_cell(scenario.description)])
    about.append([_("Question"), str(scenario.get_kind_display())])
    about.append([_("Settings"), safe_cell(json.dumps(scenario.parameters, ensure_ascii=False))])
    return workbook_bytes(workbook)
