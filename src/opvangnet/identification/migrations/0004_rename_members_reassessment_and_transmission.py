"""Name the records after the Dutch procedure: the person's application, the committee, its opinions, a
reassessment and the transmission to the IND. Renames only: every row and column keeps its data. Models that
point at each other are renamed in separate migrations, as Django can undo only one such rename at a time.
(2 of 3)"""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("identification", "0003_rename_application_and_committee"),
    ]

    operations = [
        # The constraint names the field it covers; it comes back as unique_committee_member in 0006.
        migrations.RemoveConstraint("PanelMember", "unique_panel_member"),
        migrations.RenameModel("PanelMember", "CommitteeMember"),
        migrations.RenameModel("Reconsideration", "Reassessment"),
        migrations.RenameModel("IndNotification", "IndTransmission"),
    ]
