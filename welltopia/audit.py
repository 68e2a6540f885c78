"""Security events in the log: logins, failed logins, lockouts. Staff usernames only; no patient data."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django_otp.forms import otp_verification_failed

audit = logging.getLogger("welltopia.audit")


def _address(request) -> str:
    if request is None:
        return "-"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "-")


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs) -> None:
    audit.info("Staff login succeeded: user=%s from=%s", user.get_username(), _address(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs) -> None:
    audit.info("Staff logout: user=%s", user.get_username() if user else "-")


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # `credentials` is already scrubbed of the password by Django; keep only the username.
    audit.warning("Staff login failed: user=%s from=%s", credentials.get("username", "-"), _address(request))


@receiver(otp_verification_failed)
def log_code_failed(sender, user, **kwargs) -> None:
    # The password was right, so Django sent no user_login_failed: without this, guessing
    # codes for a stolen password would leave no trace. (The signal carries no request.)
    audit.warning("Staff login failed: wrong one-time code: user=%s", user.get_username())


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    audit.warning("Staff login locked out for an hour: user=%s from=%s", username, ip_address)
