"""Name the records after the Dutch procedure: the person's application, the committee, its opinions, a
reassessment and the transmission to the IND. Renames only: every row and column keeps its data. Models that
point at each other are renamed in separate migrations, as Django can undo only one such rename at a time.
(3 of 3)"""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("identification", "0004_rename_members_reassessment_and_transmission"),
    ]

    operations = [
        migrations.RenameModel("Decision", "Opinion"),
        migrations.RenameField("Application", "referred_at", "received_at"),
        migrations.RenameField("PersonData", "referral", "application"),
        migrations.RenameField("Attachment", "referral", "application"),
        migrations.RenameField("Case", "referral", "application"),
        migrations.RenameField("CommitteeMember", "panel", "committee"),
        migrations.RenameField("Committee", "reconsideration", "reassessment"),
        migrations.RenameField("Opinion", "panel", "committee"),
        migrations.RenameField("Opinion", "decided_at", "issued_at"),
        migrations.RenameField("Reassessment", "decision", "opinion"),
        migrations.RenameField("Reassessment", "new_decision", "new_opinion"),
        migrations.RenameField("Reassessment", "requested_by", "recorded_by"),
        migrations.RenameField("IndTransmission", "decision", "opinion"),
        migrations.RenameField("Assessment", "opinion", "reasoning"),
    ]
