"""Create the staff groups and their permissions, and the first decline messages.

Intake coordinators and Clinicians work requests; only Clinicians record the clinical
assessment. Content editors edit education pages and never see a request.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORK_REQUESTS = [
    ("intake", "view_consultationrequest"),
    ("intake", "change_consultationrequest"),
    ("intake", "export_consultationrequest"),
    ("intake", "view_requestmedicine"),
    ("intake", "view_consent"),
    ("intake", "view_statuschange"),
    ("intake", "view_note"),
    ("intake", "add_note"),
    ("intake", "view_declinemessage"),
    ("intake", "add_declinemessage"),
    ("intake", "change_declinemessage"),
]
GROUPS = {
    "Intake coordinators": WORK_REQUESTS,
    "Clinicians": [*WORK_REQUESTS, ("intake", "assess_consultationrequest")],
    "Content editors": [
        ("education", "view_page"),
        ("education", "add_page"),
        ("education", "change_page"),
        ("education", "view_reference"),
        ("education", "add_reference"),
        ("education", "change_reference"),
        ("education", "delete_reference"),
    ],
}
DECLINE_MESSAGES = {
    "Outside the states we serve": (
        "Thank you for your interest in a consultation with Welltopia. We're sorry that we cannot offer "
        "you one at this time, because our clinicians can only see patients who are in the states where "
        "they are licensed. Your own doctor or rheumatologist is a good person to talk with about low-dose "
        "naltrexone."
    ),
    "Not a safe fit right now": (
        "Thank you for your interest in a consultation with Welltopia. After carefully reviewing your "
        "answers, we don't think a consultation about low-dose naltrexone would be safe or helpful for you "
        "right now. This is not a judgment about you. Please talk with your own doctor about your "
        "treatment options, and you are welcome to contact us again if things change."
    ),
    "We could not reach you": (
        "Thank you for your request for a consultation with Welltopia. We tried to contact you to arrange "
        "a time but could not reach you, so we have closed this request. You are welcome to send a new "
        "request whenever you are ready."
    ),
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    DeclineMessage = apps.get_model("intake", "DeclineMessage")
    for title, body in DECLINE_MESSAGES.items():
        DeclineMessage.objects.get_or_create(title=title, defaults={"body": body})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()
    apps.get_model("intake", "DeclineMessage").objects.filter(title__in=DECLINE_MESSAGES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_staff_queue"),
        ("education", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
