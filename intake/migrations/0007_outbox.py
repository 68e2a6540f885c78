"""The outbox: one row per email a request must trigger, written in the request's transaction.

Intake coordinators and Clinicians see the emails of the requests they work, and may retry
an undelivered one ("change").
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EMAIL_PERMISSIONS = ["view_outgoingemail", "change_outgoingemail"]
GROUPS = ["Intake coordinators", "Clinicians"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="intake", codename__in=EMAIL_PERMISSIONS)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0006_screening_and_new_questions'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutgoingEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, help_text='Stable id: the Message-ID of every attempt.', unique=True)),
                ('kind', models.CharField(choices=[('patient_confirmation', 'Confirmation to the patient'), ('staff_new_request', 'New request, to staff'), ('patient_scheduled', 'Booking, to the patient'), ('patient_declined', 'Decline, to the patient'), ('staff_withdrawn', 'Withdrawal, to staff')], max_length=40)),
                ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Not delivered (stopped retrying)'), ('cancelled', 'Cancelled')], default='pending', max_length=20)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('send_after', models.DateTimeField(default=django.utils.timezone.now, help_text="Not sent before this time (a reminder's time, once there are reminders).")),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When a worker may next try it: after a back-off, or when a lease ends.')),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.CharField(blank=True, help_text='The kind of the last failure only (never addresses or content).', max_length=200)),
                ('locked_by', models.CharField(blank=True, help_text='The worker holding it until next_attempt_at, while it sends.', max_length=120)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='intake.consultationrequest')),
            ],
            options={
                'verbose_name': 'email',
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='intake_email_due_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('sent_at__isnull', False), ('status', 'sent')), models.Q(('status', 'sent'), _negated=True), _connector='OR'), name='intake_email_sent_has_time')],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
