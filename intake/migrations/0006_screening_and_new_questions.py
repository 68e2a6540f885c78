"""Safety screening (issue 8): per-row catalog matches, the opioid-blocker flag, the new safety
and prescriber questions, and the catalog loaded from its reviewed file.

Existing data is carried over: a row's old single catalog medicine becomes a match, and
"tried LDN before: yes/no" becomes "LDN before: in the past / no".
"""

import django.db.models.deletion
import django.db.models.functions.text
import phonenumber_field.modelfields
from django.conf import settings
from django.db import migrations, models

from intake.catalog import load_catalog


def carry_over_answers_and_matches(apps, schema_editor):
    ConsultationRequest = apps.get_model("intake", "ConsultationRequest")
    RequestMedicine = apps.get_model("intake", "RequestMedicine")
    MedicineMatch = apps.get_model("intake", "MedicineMatch")
    MedicineName = apps.get_model("intake", "MedicineName")
    ConsultationRequest.objects.filter(tried_ldn_before=True).update(ldn_use="past")
    ConsultationRequest.objects.filter(tried_ldn_before=False).update(ldn_use="never")
    for row in RequestMedicine.objects.filter(catalog_medicine__isnull=False).select_related("catalog_medicine"):
        MedicineMatch.objects.get_or_create(
            row=row,
            medicine=row.catalog_medicine,
            defaults={"matched_name": row.catalog_medicine.generic_name, "written": row.name[:100], "how": "generic"},
        )
    # Names seeded by migration 0002 came from the reviewed list: the file now owns them.
    MedicineName.objects.update(from_catalog_file=True)


def load_reviewed_catalog(apps, schema_editor):
    load_catalog(apps.get_model("intake", "Medicine"), apps.get_model("intake", "MedicineName"))


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0005_append_only_audit_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MedicineMatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('matched_name', models.CharField(help_text='The catalog name that matched.', max_length=80)),
                ('written', models.CharField(help_text='The words of the row that matched it.', max_length=100)),
                ('how', models.CharField(choices=[('generic', 'Exact name'), ('brand', 'Brand name'), ('possible', 'Possible misspelling')], max_length=10)),
                ('cleared_at', models.DateTimeField(blank=True, null=True)),
                ('clear_note', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'ordering': ['row', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='medicinename',
            name='intake_medicinename_unique_lower_name',
        ),
        migrations.RenameField(
            model_name='consultationrequest',
            old_name='tried_ldn_details',
            new_name='ldn_details',
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='flag_opioid_blocker',
            field=models.BooleanField(default=False, verbose_name='Already on an opioid blocker'),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='ldn_use',
            field=models.CharField(blank=True, choices=[('now', 'Yes, I take it now'), ('past', 'Yes, in the past'), ('never', 'No')], max_length=10, verbose_name='low-dose naltrexone before'),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='naltrexone_use',
            field=models.CharField(blank=True, choices=[('now', 'Yes, I take it now'), ('past', 'Yes, in the past'), ('never', 'No')], max_length=10, verbose_name='naltrexone at any dose'),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='no_prescriber',
            field=models.BooleanField(default=False, help_text='The patient has no rheumatologist or regular prescriber at the moment.'),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='opioid_last_taken',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='other_allergies',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='prescriber_name',
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='prescriber_phone',
            field=phonenumber_field.modelfields.PhoneNumberField(blank=True, max_length=32, region=None),
        ),
        migrations.AddField(
            model_name='consultationrequest',
            name='prescriber_practice',
            field=models.CharField(blank=True, max_length=160),
        ),
        migrations.AddField(
            model_name='medicine',
            name='source',
            field=models.TextField(blank=True, help_text='Where the facts come from (FDA label on DailyMed, Orange Book, RxNorm).'),
        ),
        migrations.AddField(
            model_name='medicinename',
            name='from_catalog_file',
            field=models.BooleanField(default=False, editable=False, help_text='Loaded from the reviewed catalog file; names added in the admin are never removed by a load.'),
        ),
        migrations.AddField(
            model_name='medicinename',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', max_length=2),
        ),
        migrations.AddField(
            model_name='statuschange',
            name='event',
            field=models.CharField(choices=[('status', 'Status change'), ('assigned', 'Assignment'), ('assessed', 'Clinical assessment'), ('flag_raised', 'Safety flag raised'), ('flag_cleared', 'Possible match cleared')], default='status', max_length=20),
        ),
        migrations.AlterField(
            model_name='consent',
            name='kind',
            field=models.CharField(choices=[('accurate', 'The information I gave is accurate and complete'), ('privacy', 'I have read the privacy notice'), ('telehealth', 'I agree to a telehealth (video or phone) consultation'), ('not_emergency', 'I understand this is not an emergency service'), ('share_outcome', "Share the consultation's outcome with my rheumatologist or prescriber")], max_length=20),
        ),
        migrations.AlterField(
            model_name='consultationrequest',
            name='flag_allergy',
            field=models.BooleanField(default=False, verbose_name='Allergy to an opioid blocker'),
        ),
        migrations.AlterField(
            model_name='consultationrequest',
            name='opioid_use',
            field=models.BooleanField(help_text='Takes or has a prescription for any opioid, even occasionally (as the patient answered).', null=True),
        ),
        migrations.AlterField(
            model_name='medicine',
            name='drug_class',
            field=models.CharField(choices=[('csdmard', 'Conventional DMARD'), ('tnf', 'TNF inhibitor'), ('biologic', 'Other biologic'), ('jak', 'JAK inhibitor'), ('steroid', 'Corticosteroid'), ('nsaid', 'NSAID'), ('analgesic', 'Other pain reliever'), ('opioid', 'Opioid'), ('blocker', 'Opioid blocker'), ('pamora', 'Opioid blocker for opioid-induced constipation')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='medicinename',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('medicine'), name='intake_medicinename_unique_lower_name_per_medicine'),
        ),
        migrations.AddField(
            model_name='medicinematch',
            name='cleared_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='medicinematch',
            name='medicine',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='matches', to='intake.medicine'),
        ),
        migrations.AddField(
            model_name='medicinematch',
            name='row',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='matches', to='intake.requestmedicine'),
        ),
        migrations.AddField(
            model_name='requestmedicine',
            name='catalog_medicines',
            field=models.ManyToManyField(blank=True, related_name='request_rows', through='intake.MedicineMatch', to='intake.medicine'),
        ),
        migrations.AddConstraint(
            model_name='medicinematch',
            constraint=models.UniqueConstraint(fields=('row', 'medicine'), name='intake_medicinematch_once_per_row'),
        ),
        migrations.RunPython(carry_over_answers_and_matches, migrations.RunPython.noop),
        migrations.RunPython(load_reviewed_catalog, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='consultationrequest',
            name='tried_ldn_before',
        ),
        migrations.RemoveField(
            model_name='requestmedicine',
            name='catalog_medicine',
        ),
    ]
