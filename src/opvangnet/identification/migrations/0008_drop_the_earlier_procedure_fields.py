"""Drop what the earlier procedure kept and the data migration carried over, and require the new fields."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("identification", "0007_fill_from_the_earlier_procedure")]

    operations = [
        migrations.RemoveField(
            model_name='application',
            name='b83_applicable',
        ),
        migrations.RemoveField(
            model_name='application',
            name='consent_basis',
        ),
        migrations.RemoveField(
            model_name='application',
            name='consent_given_on',
        ),
        migrations.RemoveField(
            model_name='application',
            name='consent_purpose',
        ),
        migrations.RemoveField(
            model_name='application',
            name='consent_recipients',
        ),
        migrations.RemoveField(
            model_name='application',
            name='minor',
        ),
        migrations.RemoveField(
            model_name='application',
            name='reflection_started_on',
        ),
        migrations.RemoveField(
            model_name='attachment',
            name='content',
        ),
        migrations.RemoveField(
            model_name='case',
            name='final_decision_due',
        ),
        migrations.RemoveField(
            model_name='case',
            name='first_decision_due',
        ),
        migrations.RemoveField(
            model_name='case',
            name='reflection_end',
        ),
        migrations.RemoveField(
            model_name='case',
            name='reflection_start',
        ),
        migrations.RemoveField(
            model_name='committee',
            name='stage',
        ),
        migrations.RemoveField(
            model_name='opinion',
            name='stage',
        ),
        migrations.AlterField(
            model_name='application',
            name='age_status',
            field=models.CharField(choices=[('adult', 'Adult'), ('minor_16_17', 'Minor, 16 or 17'), ('minor_under_16', 'Minor, under 16'), ('disputed', 'Age disputed (treated as a minor until settled)')], max_length=20, verbose_name='age'),
        ),
        migrations.AlterField(
            model_name='application',
            name='applicant_kind',
            field=models.CharField(choices=[('person', 'The person themselves'), ('lawyer', 'Their lawyer (authorised representative) on their behalf'), ('referrer', 'A referrer on their behalf, with their written consent')], max_length=20, verbose_name='applied by'),
        ),
        migrations.AlterField(
            model_name='application',
            name='nationality_status',
            field=models.CharField(choices=[('third_country', 'From outside the EU/EEA/Switzerland (any residence, asylum seekers too)'), ('eu_without_rights', 'EU/EEA/Swiss citizen without a right of residence under EU law'), ('eu_with_rights', 'EU/EEA/Swiss citizen with a right of residence under EU law'), ('dutch', 'Dutch national'), ('unknown', 'Not known yet')], max_length=20, verbose_name='nationality and residence'),
        ),
        migrations.AlterField(
            model_name='opinion',
            name='kind',
            field=models.CharField(choices=[('preliminary', 'Preliminary opinion'), ('draft', 'Draft opinion'), ('final', 'Opinion')], max_length=20, verbose_name='kind'),
        ),
    ]
