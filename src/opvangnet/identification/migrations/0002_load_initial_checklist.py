"""Load the initial indicator checklist (version 1) from data/checklist_v1.json and publish it."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data" / "checklist_v1.json"


def load_checklist(apps, schema_editor):
    ChecklistVersion = apps.get_model("identification", "ChecklistVersion")
    Indicator = apps.get_model("identification", "Indicator")
    if ChecklistVersion.objects.filter(number=1).exists():
        return
    data = json.loads(DATA.read_text(encoding="utf-8"))
    version = ChecklistVersion.objects.create(
        number=data["number"], title=data["title"], notes=data["notes"], published_at=timezone.now()
    )
    Indicator.objects.bulk_create(
        Indicator(version=version, position=position, **row) for position, row in enumerate(data["indicators"])
    )


def remove_checklist(apps, schema_editor):
    apps.get_model("identification", "ChecklistVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_create_identification")]

    operations = [migrations.RunPython(load_checklist, remove_checklist)]
