"""Name the records after the Dutch procedure: the person's application, the committee, its opinions, a
reassessment and the transmission to the IND. Renames only: every row and column keeps its data. Models that
point at each other are renamed in separate migrations, as Django can undo only one such rename at a time.
(1 of 3)"""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("identification", "0002_load_initial_checklist"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Referral", "Application"),
        migrations.RenameModel("Panel", "Committee"),
    ]
