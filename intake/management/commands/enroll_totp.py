import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Give a staff user an authenticator-app (TOTP) device for the two-factor admin login, "
        "and print its provisioning URI and a QR code to scan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="A label for the device.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the user's existing TOTP devices first (lost phone).",
        )

    def handle(self, *args, username: str, name: str, replace: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}. Create it first: manage.py createsuperuser")
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff user; only staff sign in to the admin.")
        existing = TOTPDevice.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(f"{username!r} already has a TOTP device. Use --replace to issue a new one.")
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        uri = device.config_url
        self.stdout.write(f"TOTP device created for {username}.")
        self.stdout.write("Scan this QR code with an authenticator app, or enter the URI by hand:\n")
        qr = io.StringIO()
        segno.make(uri, micro=False).terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue())
        self.stdout.write(f"\n{uri}\n")
        self.stdout.write("Keep this private: anyone with it can produce this user's codes.")
