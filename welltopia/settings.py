"""Settings for the Welltopia site: one file, every value read from the environment.

Development defaults are safe (SQLite, mail printed to the console); production is what
you get with DEBUG off, and it refuses to start without a SECRET_KEY. See .env.example and
the README for every variable. Secrets (SECRET_KEY, DATABASE_URL, EMAIL_HOST_PASSWORD,
REDIS_URL) can instead be read from a file named by `<NAME>_FILE` (systemd credentials).
"""

import datetime
import os
import string
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from intake.choices import US_STATES  # plain data: the state codes SERVED_STATES must be
from welltopia import languages  # plain data: the site's languages

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {value}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_link_template(name: str, placeholders: set[str], *, allow_http: bool) -> str:
    """A link with {placeholders} (only those named), e.g. https://meet.example/{reference}. Empty: none."""
    value = env_str(name)
    if not value:
        return ""
    if not (value.startswith("https://") or (allow_http and value.startswith("http://"))):
        raise ImproperlyConfigured(f"{name} must be an https:// link; got {value!r}.")
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an unmatched brace: {value!r}.") from None
    if unknown := used - placeholders:
        allowed = ", ".join(f"{{{item}}}" for item in sorted(placeholders))
        raise ImproperlyConfigured(
            f"{name} may only use {allowed}; got {', '.join(sorted(f'{{{item}}}' for item in unknown))}."
        )
    return value


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file that NAME_FILE names (systemd credentials, container secrets).

    Giving it both ways, or naming a file that cannot be read, stops start-up with a message
    naming the variable. Surrounding whitespace (the file's last newline) is not part of the secret.
    """
    file_variable = f"{name}_FILE"
    path = os.environ.get(file_variable, "").strip()
    if not path:
        return env_str(name, default)
    if env_str(name):
        raise ImproperlyConfigured(f"{name} and {file_variable} are both set; give the secret one way only.")
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise ImproperlyConfigured(
            f"{file_variable} names a file that cannot be read: {path} ({reason})."
        ) from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

# HTTPS defaults to on in production. Turning it off is for local runs over plain HTTP only.
HTTPS = env_bool("HTTPS", not DEBUG)

INSTALLED_APPS = [
    "welltopia.apps.WelltopiaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "education",
    "intake",
]

MIDDLEWARE = [
    # First: a kept page asked for again is answered as the whole stack answered it the first time.
    "welltopia.page_shortcut.KeptPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "welltopia.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "welltopia.middleware.CompressionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads a body (sessions, CSRF): a too-large one is answered 413 at once.
    "welltopia.middleware.RequestTooLargeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware: the language comes from the address (/es/…).
    "django.middleware.locale.LocaleMiddleware",
    "welltopia.language_choice.LanguageChoiceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "welltopia.middleware.NullCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "welltopia.middleware.StaffSessionLimitMiddleware",
    "welltopia.middleware.LazyMessageMiddleware",  # Django's, making its store only when used
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"

ROOT_URLCONF = "welltopia.urls"
WSGI_APPLICATION = "welltopia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "welltopia.context_processors.site",
                "welltopia.language_choice.context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_secret("REDIS_URL")
# Without Redis, production caches in files that every worker process on the machine shares, so
# an editor's save refreshes the pages for all of them. Several machines need REDIS_URL.
CACHE_DIR = env_str("CACHE_DIR", "" if DEBUG else str(BASE_DIR / "var" / "cache"))
if REDIS_URL:
    # Optional at run time: while Redis is unreachable, pages are built from the database
    # (welltopia/redis_cache.py). Short timeouts so a Redis that hangs costs half a second, rarely.
    CACHES = {
        "default": {
            "BACKEND": "welltopia.redis_cache.OptionalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "welltopia",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif CACHE_DIR:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": CACHE_DIR}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at today's addresses, Spanish under /es/ (welltopia/urls.py). The staff side (the
# admin) stays English: its addresses carry no language prefix.
LANGUAGE_CODE = languages.DEFAULT
LANGUAGES = list(languages.NATIVE_NAMES.items())
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["welltopia.formats"]
USE_I18N = True
# Set only when a person uses the language switcher (Django's set_language), read only here.
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_TZ = True
CLINIC_TIME_ZONE = env_str("CLINIC_TIME_ZONE", "America/New_York")
try:
    zoneinfo.ZoneInfo(CLINIC_TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"CLINIC_TIME_ZONE is not a known time zone: {CLINIC_TIME_ZONE!r}.") from None
# Times are stored in UTC and shown in the clinic's time zone (staff pages, emails, status page).
TIME_ZONE = CLINIC_TIME_ZONE

# Static files, all served by us. Bootstrap's CSS is built from its Sass sources with only the
# parts the site uses (tools/css) and committed as static/css/bootstrap.min.css.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves files gathered by `collectstatic` (compressed, with hashed names). Without
# that step (development, tests, benchmarks) they are served straight from the apps and static/.
STATICFILES_COLLECTED = env_bool("STATICFILES_COLLECTED", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATICFILES_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATICFILES_COLLECTED

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PHONENUMBER_DEFAULT_REGION = "US"

# Mail: Django 6.1 mailers. Environment names stay Django's classic EMAIL_* names.
EMAIL_HOST_FROM_ENV = env_str("EMAIL_HOST")
if EMAIL_HOST_FROM_ENV:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST_FROM_ENV,
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    raise ImproperlyConfigured("EMAIL_HOST is required when DEBUG is off (patients must get their emails).")
del EMAIL_HOST_FROM_ENV
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Welltopia <no-reply@welltopia.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAIL = env_str("STAFF_NOTIFICATION_EMAIL", "intake@welltopia.example")
ADMINS = [addr for addr in env_list("ADMINS")]
# The same error is emailed to ADMINS at most once per this many seconds (with a count).
ERROR_EMAIL_THROTTLE_SECONDS = env_int("ERROR_EMAIL_THROTTLE_SECONDS", 300, minimum=1)

# Emails go through the outbox (intake/outbox.py): a row written with the change that decided
# it, sent by `manage.py send_emails`. "worker" (production): only the worker sends, so a slow or
# failing mail server never slows a page. "on_commit" (development, tests): the web process also
# sends each email as soon as its transaction commits; a failure waits for a worker or a retry.
EMAIL_DELIVERY = env_str("EMAIL_DELIVERY", "on_commit" if DEBUG else "worker")
if EMAIL_DELIVERY not in {"worker", "on_commit"}:
    raise ImproperlyConfigured(f"EMAIL_DELIVERY must be 'worker' or 'on_commit'; got {EMAIL_DELIVERY!r}.")
# A worker that dies mid-send gives its email back after the lease; it must outlast the SMTP timeout.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120, minimum=1)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600, minimum=1)
OUTBOX_GIVE_UP_AFTER = datetime.timedelta(days=env_int("OUTBOX_GIVE_UP_DAYS", 7, minimum=1))
OUTBOX_POLL_SECONDS = env_int("OUTBOX_POLL_SECONDS", 2, minimum=1)

# Where the site lives, for links in emails (no trailing slash).
# In development the links follow the port the server runs on (make run PORT=8010).
SITE_URL = env_str(
    "SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}" if DEBUG else ""
).rstrip("/")
if not SITE_URL and not DEBUG and ALLOWED_HOSTS:
    SITE_URL = f"https://{ALLOWED_HOSTS[0]}"

# Clinic configuration.
SERVED_STATES = [code.upper() for code in env_list("SERVED_STATES", "CA,FL,NY,TX,WA")]
_unknown_states = [code for code in SERVED_STATES if code not in dict(US_STATES)]
if not SERVED_STATES or _unknown_states:
    raise ImproperlyConfigured(
        "SERVED_STATES must be two-letter US state codes separated by commas, like CA,NY; "
        f"got {env_str('SERVED_STATES')!r}"
        + (f" ({', '.join(_unknown_states)} unknown)." if _unknown_states else ".")
    )
INTAKE_RATE_LIMIT = env_int("INTAKE_RATE_LIMIT", 5, minimum=1)
INTAKE_RATE_WINDOW_SECONDS = env_int("INTAKE_RATE_WINDOW_SECONDS", 3600, minimum=1)
# How many reverse proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
RETENTION_DAYS = env_int("RETENTION_DAYS", 365 * 2, minimum=1)
# The clinic's aim: every request scheduled or declined within this many working days.
TARGET_RESPONSE_WORKING_DAYS = env_int("TARGET_RESPONSE_WORKING_DAYS", 2, minimum=1)
CLINIC_CONTACT_EMAIL = env_str("CLINIC_CONTACT_EMAIL", "privacy@welltopia.example")

# Booking (intake/slots.py, intake/workflow/booking.py). Patients see open times from
# BOOKING_CUTOFF_HOURS ahead up to BOOKING_WEEKS_AHEAD weeks, and may move or cancel their
# booking until BOOKING_CUTOFF_HOURS before it; after that they contact the clinic.
BOOKING_CUTOFF_HOURS = env_int("BOOKING_CUTOFF_HOURS", 12, maximum=24 * 14)
BOOKING_WEEKS_AHEAD = env_int("BOOKING_WEEKS_AHEAD", 4, minimum=1, maximum=26)
# The clinic's video tool: {reference} (WT-…) and {clinician} (the clinician's room) are filled
# in. Shown only for a booked video consultation (invitation, emails, status page). Empty: none.
VIDEO_LINK_TEMPLATE = env_link_template("VIDEO_LINK_TEMPLATE", {"reference", "clinician"}, allow_http=DEBUG)

# Security headers and cookies. HTTPS is assumed behind the reverse proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", not DEBUG) else None
SECURE_SSL_REDIRECT = HTTPS
# The load balancer probes gunicorn over plain HTTP: it must see the real 200/503, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "welltopia.views.csrf_failure"
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

# Staff sessions: a new key at login (Django's default), 15 minutes idle, 12 hours at most.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 15, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
STAFF_SESSION_ABSOLUTE_LIMIT = datetime.timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1))

# Brute-force lockout (django-axes): 5 failures for one username from one address lock that
# pair for an hour. Behind the reverse proxy the client address is the one the proxy saw.
# Authenticator apps show the account as "Welltopia: username".
OTP_TOTP_ISSUER = "Welltopia"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The same address the intake rate limit uses: TRUSTED_PROXY_COUNT hops from the right of
# X-Forwarded-For (never the left-most entry, which the client can forge), else REMOTE_ADDR.
AXES_CLIENT_IP_CALLABLE = "intake.ratelimit.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]

# Error reports (ADMINS emails, the 500 page) never carry request data or local variables.
DEFAULT_EXCEPTION_REPORTER = "welltopia.error_reports.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "welltopia.error_reports.PrivateExceptionReporterFilter"

# Django's admin puts a nonce on the few <script>/<style> elements it renders inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "database_outage": {"()": "welltopia.error_reports.DatabaseOutageFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["database_outage"]},
        "mail_admins": {
            "class": "welltopia.error_reports.ThrottledAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "include_html": False,
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["mail_admins"], "level": "WARNING"},
        "django.security": {"handlers": ["mail_admins"], "level": "WARNING"},
        # Django's default config also mails errors from "django"; keep one email per error.
        "django": {"handlers": [], "level": "INFO"},
        "welltopia.audit": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
