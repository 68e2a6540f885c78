"""The staff groups and what each may do: declared once, kept in the database after every migrate.

Intake coordinators and Clinicians work requests; only Clinicians record the clinical
assessment and edit the medicine catalog (a pharmacist on the staff is in Clinicians). Content
editors edit education pages and never see a request. intake/workflow.py asks for these
permissions; the groups are (re)synced after every `migrate`, and after a test database flush.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

COORDINATORS = "Intake coordinators"
CLINICIANS = "Clinicians"
CONTENT_EDITORS = "Content editors"

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
    ("intake", "view_medicine"),
    ("intake", "view_medicinename"),
    # The outbox: see what was sent to whom and when, and retry what was not delivered.
    ("intake", "view_outgoingemail"),
    ("intake", "change_outgoingemail"),
    # Booking: clinicians' availability (coordinators keep it for them) and the schedule.
    ("intake", "view_clinician"),
    ("intake", "add_clinician"),
    ("intake", "change_clinician"),
    *[
        ("intake", f"{action}_{model}")
        for model in ("license", "weeklyhours", "availabilityexception")
        for action in ("view", "add", "change", "delete")
    ],
    ("intake", "view_booking"),
]
EDIT_CATALOG = [
    ("intake", "add_medicine"),
    ("intake", "change_medicine"),
    ("intake", "add_medicinename"),
    ("intake", "change_medicinename"),
    ("intake", "delete_medicinename"),
]
GROUPS: dict[str, list[tuple[str, str]]] = {
    COORDINATORS: WORK_REQUESTS,
    CLINICIANS: [*WORK_REQUESTS, ("intake", "assess_consultationrequest"), *EDIT_CATALOG],
    CONTENT_EDITORS: [
        ("education", "view_page"),
        ("education", "add_page"),
        ("education", "change_page"),
        ("education", "view_reference"),
        ("education", "add_reference"),
        ("education", "change_reference"),
        ("education", "delete_reference"),
    ],
}


def sync_groups(using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    """Give each group exactly its declared permissions (a post_migrate receiver)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        wanted = [
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
            for app_label, codename in perms
        ]
        if None in wanted:
            return  # permissions not created yet (a partial migrate): the next run syncs
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(wanted)
