"""Booking: clinicians (length, buffer, licensed states, calendar feed), their weekly hours and
exceptions, invitations to book and bookings; outbox rows may name the booking they are about,
and reminders are new kinds. The database's own guard against double booking is 0012.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import intake.models.booking
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0010_request_language'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='outgoingemail',
            name='kind',
            field=models.CharField(choices=[('patient_confirmation', 'Confirmation to the patient'), ('staff_new_request', 'New request, to staff'), ('patient_scheduled', 'Booking, to the patient'), ('patient_declined', 'Decline, to the patient'), ('staff_withdrawn', 'Withdrawal, to staff'), ('patient_invited', 'Invitation to book, to the patient'), ('patient_booking_cancelled', 'Booking cancelled, to the patient'), ('patient_reminder_day', 'Reminder a day before, to the patient'), ('patient_reminder_soon', 'Reminder 2 hours before, to the patient'), ('staff_patient_booked', 'Booked by the patient, to staff'), ('staff_patient_rescheduled', 'Rescheduled by the patient, to staff'), ('staff_patient_cancelled', 'Cancelled by the patient, to staff')], max_length=40),
        ),
        migrations.AlterField(
            model_name='outgoingemail',
            name='send_after',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text="Not sent before this time (a reminder's time)."),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='event',
            field=models.CharField(choices=[('status', 'Status change'), ('assigned', 'Assignment'), ('assessed', 'Clinical assessment'), ('flag_raised', 'Safety flag raised'), ('flag_cleared', 'Possible match cleared'), ('invited', 'Invited to book')], default='status', max_length=20),
        ),
        migrations.CreateModel(
            name='Booking',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(default=1, editable=False, help_text="1 for the request's first booking, 2 after a cancellation, …")),
                ('starts_at', models.DateTimeField()),
                ('ends_at', models.DateTimeField()),
                ('blocked_until', models.DateTimeField(help_text="The end plus the clinician's buffer: the time held.")),
                ('consultation_type', models.CharField(choices=[('video', 'Video call'), ('phone', 'Phone call')], max_length=10)),
                ('time_zone', models.CharField(blank=True, help_text='The zone the patient chose the time in; empty when staff set it.', max_length=64)),
                ('status', models.CharField(choices=[('booked', 'Booked'), ('cancelled', 'Cancelled'), ('completed', 'Completed'), ('no_show', 'Did not attend')], default='booked', max_length=20)),
                ('sequence', models.PositiveIntegerField(default=0, editable=False, help_text='Calendar SEQUENCE: up on every change, cancellation included.')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('booked_by', models.ForeignKey(blank=True, help_text='Empty when the patient booked.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookings', to='intake.consultationrequest')),
            ],
            options={
                'ordering': ['starts_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='outgoingemail',
            name='booking',
            field=models.ForeignKey(blank=True, help_text='The booking an email is about (invitations, cancellations, reminders), as it was decided.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='intake.booking'),
        ),
        migrations.CreateModel(
            name='Clinician',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('display_name', models.CharField(help_text='As it appears in emails and invitations: Dr. Ada Okafor.', max_length=120, verbose_name='name patients see')),
                ('consultation_minutes', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(10), django.core.validators.MaxValueValidator(180)], verbose_name='consultation length (minutes)')),
                ('buffer_minutes', models.PositiveSmallIntegerField(default=10, help_text='Kept free after every consultation: notes, a late start.', validators=[django.core.validators.MaxValueValidator(120)], verbose_name='buffer after each consultation (minutes)')),
                ('accepts_bookings', models.BooleanField(default=True, help_text="Untick to stop offering this clinician's times (bookings already made stay).")),
                ('video_room', models.SlugField(blank=True, help_text="This clinician's room in the clinic's video tool, for {clinician} in VIDEO_LINK_TEMPLATE.")),
                ('feed_token', models.CharField(blank=True, default=intake.models.booking.new_feed_token, editable=False, help_text="The private calendar feed's key; empty when the feed is turned off.", max_length=64, null=True, unique=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='clinician', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['display_name'],
            },
        ),
        migrations.CreateModel(
            name='BookingInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consultation_type', models.CharField(choices=[('video', 'Video call'), ('phone', 'Phone call')], max_length=10)),
                ('invited_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('closed_at', models.DateTimeField(blank=True, help_text='Replaced by a new invitation, or the request closed.', null=True)),
                ('invited_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='intake.consultationrequest')),
                ('clinician', models.ForeignKey(blank=True, help_text="Empty: any clinician licensed for the patient's state.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='invitations', to='intake.clinician')),
            ],
            options={
                'ordering': ['invited_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='booking',
            name='clinician',
            field=models.ForeignKey(blank=True, help_text='Empty when staff set a time without choosing a clinician.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='intake.clinician'),
        ),
        migrations.CreateModel(
            name='AvailabilityException',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('off', 'Time off'), ('extra', 'Extra hours')], default='off', max_length=10)),
                ('first_day', models.DateField(help_text='Clinic date.')),
                ('last_day', models.DateField(blank=True, help_text='Empty for a single day.', null=True)),
                ('starts', models.TimeField(blank=True, help_text='Clinic time. Empty for the whole day (time off only).', null=True)),
                ('ends', models.TimeField(blank=True, null=True)),
                ('note', models.CharField(blank=True, help_text='For staff: a holiday, a conference.', max_length=200)),
                ('clinician', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exceptions', to='intake.clinician')),
            ],
            options={
                'verbose_name': 'exception to the weekly hours',
                'verbose_name_plural': 'exceptions to the weekly hours',
                'ordering': ['first_day', 'starts'],
            },
        ),
        migrations.CreateModel(
            name='License',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('AL', 'Alabama'), ('AK', 'Alaska'), ('AZ', 'Arizona'), ('AR', 'Arkansas'), ('CA', 'California'), ('CO', 'Colorado'), ('CT', 'Connecticut'), ('DE', 'Delaware'), ('DC', 'District of Columbia'), ('FL', 'Florida'), ('GA', 'Georgia'), ('HI', 'Hawaii'), ('ID', 'Idaho'), ('IL', 'Illinois'), ('IN', 'Indiana'), ('IA', 'Iowa'), ('KS', 'Kansas'), ('KY', 'Kentucky'), ('LA', 'Louisiana'), ('ME', 'Maine'), ('MD', 'Maryland'), ('MA', 'Massachusetts'), ('MI', 'Michigan'), ('MN', 'Minnesota'), ('MS', 'Mississippi'), ('MO', 'Missouri'), ('MT', 'Montana'), ('NE', 'Nebraska'), ('NV', 'Nevada'), ('NH', 'New Hampshire'), ('NJ', 'New Jersey'), ('NM', 'New Mexico'), ('NY', 'New York'), ('NC', 'North Carolina'), ('ND', 'North Dakota'), ('OH', 'Ohio'), ('OK', 'Oklahoma'), ('OR', 'Oregon'), ('PA', 'Pennsylvania'), ('RI', 'Rhode Island'), ('SC', 'South Carolina'), ('SD', 'South Dakota'), ('TN', 'Tennessee'), ('TX', 'Texas'), ('UT', 'Utah'), ('VT', 'Vermont'), ('VA', 'Virginia'), ('WA', 'Washington'), ('WV', 'West Virginia'), ('WI', 'Wisconsin'), ('WY', 'Wyoming')], max_length=2)),
                ('number', models.CharField(blank=True, max_length=40, verbose_name='license number')),
                ('expires_on', models.DateField(blank=True, help_text='The last day it is valid: no later time is offered in this state.', null=True)),
                ('clinician', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='licenses', to='intake.clinician')),
            ],
            options={
                'ordering': ['state'],
            },
        ),
        migrations.CreateModel(
            name='WeeklyHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')])),
                ('starts', models.TimeField(help_text='Clinic time.')),
                ('ends', models.TimeField(help_text='Clinic time; the last consultation ends by then.')),
                ('clinician', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='weekly_hours', to='intake.clinician')),
            ],
            options={
                'verbose_name': 'weekly working hours',
                'verbose_name_plural': 'weekly working hours',
                'ordering': ['weekday', 'starts'],
            },
        ),
        migrations.AddConstraint(
            model_name='clinician',
            constraint=models.CheckConstraint(condition=models.Q(('consultation_minutes__gte', 10), ('consultation_minutes__lte', 180)), name='intake_clinician_consultation_10_180'),
        ),
        migrations.AddConstraint(
            model_name='clinician',
            constraint=models.CheckConstraint(condition=models.Q(('buffer_minutes__lte', 120)), name='intake_clinician_buffer_at_most_120'),
        ),
        migrations.AddConstraint(
            model_name='bookinginvitation',
            constraint=models.UniqueConstraint(condition=models.Q(('closed_at__isnull', True)), fields=('request',), name='intake_invitation_one_open'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['clinician', 'starts_at'], name='intake_booking_clinician_idx'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='intake_booking_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('blocked_until__gte', models.F('ends_at'))), name='intake_booking_holds_its_time'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.UniqueConstraint(fields=('request', 'number'), name='intake_booking_number_per_request'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'booked')), fields=('request',), name='intake_booking_one_active'),
        ),
        migrations.AddConstraint(
            model_name='availabilityexception',
            constraint=models.CheckConstraint(condition=models.Q(('last_day__isnull', True), ('last_day__gte', models.F('first_day')), _connector='OR'), name='intake_exception_days_in_order'),
        ),
        migrations.AddConstraint(
            model_name='availabilityexception',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ends__isnull', True), ('kind', 'off'), ('starts__isnull', True)), models.Q(('ends__isnull', False), ('starts__isnull', False), ('starts__lt', models.F('ends'))), _connector='OR'), name='intake_exception_whole_day_off_or_a_stretch'),
        ),
        migrations.AddConstraint(
            model_name='license',
            constraint=models.UniqueConstraint(fields=('clinician', 'state'), name='intake_license_once_per_state'),
        ),
        migrations.AddConstraint(
            model_name='weeklyhours',
            constraint=models.CheckConstraint(condition=models.Q(('starts__lt', models.F('ends'))), name='intake_hours_start_first'),
        ),
        migrations.AddConstraint(
            model_name='weeklyhours',
            constraint=models.CheckConstraint(condition=models.Q(('weekday__lte', 6)), name='intake_hours_weekday_0_6'),
        ),
    ]
