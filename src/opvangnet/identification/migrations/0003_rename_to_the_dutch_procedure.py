"""Name the records after the Dutch procedure: the person's application, the committee, its opinions, a
reassessment and the transmission to the IND. Renames only: every row and column keeps its data."""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("identification", "0002_load_initial_checklist"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The constraint names the field it covers; it comes back as unique_committee_member in 0004.
        migrations.RemoveConstraint("PanelMember", "unique_panel_member"),
        migrations.RenameModel("Referral", "Application"),
        migrations.RenameModel("Panel", "Committee"),
        migrations.RenameModel("PanelMember", "CommitteeMember"),
        migrations.RenameModel("Decision", "Opinion"),
        migrations.RenameModel("Reconsideration", "Reassessment"),
        migrations.RenameModel("IndNotification", "IndTransmission"),
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
