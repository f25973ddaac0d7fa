"""Jinlin settings: one module, driven by environment variables.

Defaults give the embedded set-up (a SQLite file, tasks run in-process). Production
is configuration: ``DATABASE_URL`` (PostgreSQL), ``CELERY_BROKER_URL`` (Redis),
``SECRET_KEY``, ``DEBUG=false``, ``ALLOWED_HOSTS``. A bad value stops start-up with
a message naming the variable.
"""

import os
import warnings
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _env(name: str, cast: type, default: object) -> object:
    """Read one variable, turning a malformed value into a message that names it."""
    try:
        return env.get_value(name, cast=cast, default=default)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"environment variable {name} is malformed: {exc}") from exc


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True}
_BOOLEANS |= {"0": False, "false": False, "no": False, "off": False}


def _env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in _BOOLEANS:
        raise ImproperlyConfigured(
            f"environment variable {name}={raw!r} is not a boolean (use true or false)"
        )
    return _BOOLEANS[raw]


DEBUG = _env_bool("DEBUG", True)
_DEV_SECRET = "jinlin-development-only-not-for-production"  # noqa: S105 - refused below when DEBUG is off
SECRET_KEY = str(_env("SECRET_KEY", str, _DEV_SECRET))
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS: list[str] = list(
    _env("ALLOWED_HOSTS", list, ["localhost", "127.0.0.1", "[::1]", "testserver"])  # type: ignore[call-overload]
)

INSTALLED_APPS = [
    "config.admin_site.JinlinAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "taggit",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "auditlog",
    "csp",
    "changes",
    "partners",
    "needs",
    "centres",
    "meetings",
    "interchange",
    "privacy",
    "matching",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RequestTooLargeMiddleware",
    "config.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontend.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database -------------------------------------------------------------------------
_default_db = f"sqlite:///{BASE_DIR / 'jinlin.sqlite3'}"
try:
    _db = env.db_url("DATABASE_URL", default=_default_db)
except (ValueError, KeyError, ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"environment variable DATABASE_URL is malformed: {exc}") from exc
if _db.get("ENGINE") not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured(
        "environment variable DATABASE_URL must be sqlite:///PATH or postgres://USER@HOST/NAME"
    )
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked": an
    # IMMEDIATE transaction takes the write lock up front, WAL lets readers carry on.
    _db.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
    _db["TEST"] = {"NAME": str(BASE_DIR / "jinlin-test.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("CONN_MAX_AGE", 60)
    _db.setdefault("CONN_HEALTH_CHECKS", True)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
_cache_url = str(_env("CACHE_URL", str, ""))
CACHES = {
    "default": env.cache_url_config(_cache_url)
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: its hook deletes the person's API tokens whenever a password changes.
    {"NAME": "config.auth.CredentialsRotation"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Who may see and do what is one rule set (``partners/rules.py``, ``needs/rules.py``),
# asked through ``user.has_perm(...)`` by the services, the admin, the pages and the
# exports. django-axes comes first so a locked-out account is refused before any check.
AUTHENTICATION_BACKENDS = [
    "config.auth.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "config.auth.PhoneBackend",
]

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True


# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a request without credentials answers 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.auth.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["partners.throttles.ScopedCreateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # Self-registration of partners and residents' requests, per user (or address).
        "registration": str(_env("THROTTLE_REGISTRATION", str, "10/hour")),
        "resident_request": str(_env("THROTTLE_RESIDENT_REQUEST", str, "20/hour")),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jinlin 近邻 API",
    "DESCRIPTION": "Communities, partners, offerings, needs, liaison meetings and projects.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from our own static files (drf-spectacular-sidecar): the docs
    # must work on a network that cannot reach a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" with different choices; name each enum after its model.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_common_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PartnerStatusEnum": "partners.models.Partner.Status",
        "NeedStatusEnum": "needs.models.Need.Status",
        "ProjectStatusEnum": "needs.models.Project.Status",
        "AllocationJobStatusEnum": "matching.models.AllocationJob.Status",
    },
}

# --- Tasks ----------------------------------------------------------------------------------
CELERY_BROKER_URL = str(_env("CELERY_BROKER_URL", str, ""))
# No broker: tasks run in-process, at once, so the embedded set-up needs no worker.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = str(_env("CELERY_RESULT_BACKEND", str, CELERY_BROKER_URL))
CELERY_TIMEZONE = TIME_ZONE

# The matching index of a data version is built once and saved here as a snapshot of
# plain arrays (matching.index); every web and Celery process of the machine opens it by
# memory mapping instead of building its own. Empty: every process builds its own.
_snapshots = str(_env("INDEX_SNAPSHOT_DIR", str, str(BASE_DIR / "var" / "index"))).strip()
INDEX_SNAPSHOT_DIR: Path | None = Path(_snapshots) if _snapshots else None
# jieba's dictionary, once built, is cached here (matching.engine.text): a folder of the
# project's own, not jieba's default in the shared temporary directory, where anyone on
# the machine could leave a file every process would then load.
_segmenter = str(_env("SEGMENTER_CACHE_DIR", str, "")).strip()
SEGMENTER_CACHE_DIR = Path(_segmenter) if _segmenter else BASE_DIR / "var" / "segmenter"

# --- Production: static files, web server, workers and the schedule ------------------------
# Static files are served by the application itself (whitenoise), compressed and, when
# DEBUG is off, under content-hashed names that browsers may cache for a year: run
# ``manage.py collectstatic`` into STATIC_ROOT before starting gunicorn
# (config/gunicorn.conf.py). Examples of the processes are in config/deploy/.
STATIC_URL = "static/"
STATIC_ROOT = Path(str(_env("STATIC_ROOT", str, str(BASE_DIR / "staticfiles"))))
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
# With DEBUG on, files come from the apps (runserver, tests) and STATIC_ROOT may not
# exist yet: whitenoise's warning about it says nothing useful then.
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
# Uploaded files (photos of services delivered) are kept under MEDIA_ROOT and are never
# served as public files: a view checks who may see each (needs.rules).
MEDIA_ROOT = Path(str(_env("MEDIA_ROOT", str, str(BASE_DIR / "media"))))
MEDIA_URL = "/media/"
# The largest photo a partner may attach to a service record.
SERVICE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Celery on Redis. A task is acknowledged only once it has finished, and handed back to
# the queue when its worker dies, so a killed worker loses nothing; tasks are written to
# run twice harmlessly. Redis hands an unacknowledged task to another worker after the
# visibility timeout, which must exceed the longest countdown or retry delay used (an
# email retry waits at most an hour): two hours by default.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
LONGEST_TASK_DELAY = 3600  # seconds: the longest retry back-off or countdown any task uses
CELERY_VISIBILITY_TIMEOUT = int(_env("CELERY_VISIBILITY_TIMEOUT", int, 2 * LONGEST_TASK_DELAY))  # type: ignore[call-overload]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# celery beat keeps the schedule in the database (django-celery-beat), editable in the
# admin; the entries below are written there when beat starts. Times are Asia/Shanghai.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Partners' load and reliability move with time: each night the change log is
    # trimmed and every process rebuilds its matching index on its next request.
    "matching-nightly": {
        "task": "matching.tasks.matching_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    # Processes that start open the newest saved index and apply the changes since; a
    # fresh snapshot every ten minutes keeps that short.
    "matching-index-snapshot": {
        "task": "matching.tasks.save_index_snapshot",
        "schedule": crontab(minute="*/10"),
    },
    "meeting-reminders": {
        "task": "meetings.tasks.remind_meetings",
        "schedule": crontab(hour=8, minute=0),
    },
    "offering-expiry-reminders": {
        "task": "needs.tasks.remind_expiring_offerings",
        "schedule": crontab(hour=8, minute=30),
    },
    # 限时办结: what passed a promised time is reported to the street, hourly in the day.
    "overdue-escalation": {
        "task": "needs.tasks.escalate_overdue",
        "schedule": crontab(minute=5, hour="8-20"),
    },
    "secretary-weekly-digest": {
        "task": "needs.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Residents with a place at tomorrow's activities are reminded, hourly in the day.
    "activity-reminders": {
        "task": "centres.tasks.remind_activities",
        "schedule": crontab(minute=15, hour="8-20"),
    },
    # 认领: partners hear of the week's new needs near their offerings.
    "partner-opportunity-digest": {
        "task": "matching.tasks.send_opportunity_digests",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
}
# --- end of production block ---------------------------------------------------------------

# --- Email ------------------------------------------------------------------------------------
# Notifications are emailed through Django's mail backend. Without EMAIL_URL they are
# written to the log (the embedded set-up has no mail server, and a failed send must not
# fail the request that caused it); in production e.g. smtp+tls://USER:PASSWORD@HOST:587.
try:
    _EMAIL = env.email_url("EMAIL_URL", default="consolemail://")
except (ValueError, KeyError, ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"environment variable EMAIL_URL is malformed: {exc}") from exc
# EMAIL_BACKEND names a backend class outright (a test's, say), overriding EMAIL_URL.
EMAIL_BACKEND = str(_env("EMAIL_BACKEND", str, _EMAIL["EMAIL_BACKEND"]))
EMAIL_HOST = str(_EMAIL.get("EMAIL_HOST") or "localhost")
EMAIL_PORT = int(_EMAIL.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = str(_EMAIL.get("EMAIL_HOST_USER") or "")
EMAIL_HOST_PASSWORD = str(_EMAIL.get("EMAIL_HOST_PASSWORD") or "")
EMAIL_USE_TLS = bool(_EMAIL.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_EMAIL.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = 30
EMAIL_FILE_PATH = str(_EMAIL.get("EMAIL_FILE_PATH") or "")  # filemail:////abs/dir, for trials
DEFAULT_FROM_EMAIL = str(_env("DEFAULT_FROM_EMAIL", str, "近邻 Jinlin <noreply@localhost>"))


# --- Quarterly allocation -------------------------------------------------------------------
def _env_number(name: str, cast: type, default: float, low: float, high: float) -> float:
    value = _env(name, cast, default)
    if not low <= value <= high:  # type: ignore[operator]
        raise ImproperlyConfigured(f"environment variable {name}={value} is not in {low}..{high}")
    return value  # type: ignore[return-value]


# A partner's marginal cost, in score points (0..1), of its last unit of capacity: the
# allocation spreads work over partners rather than filling the best one first. 0 = off.
ALLOCATION_LOAD_WEIGHT = float(_env_number("ALLOCATION_LOAD_WEIGHT", float, 0.2, 0.0, 10.0))
# How many ranked offerings per need the allocation considers.
ALLOCATION_CANDIDATES = int(_env_number("ALLOCATION_CANDIDATES", int, 50, 1, 500))
# Offerings scoring below this (out of 1) are never assigned: better unfilled than unfit.
ALLOCATION_MIN_SCORE = float(_env_number("ALLOCATION_MIN_SCORE", float, 0.2, 0.0, 1.0))

# How many processes of this machine a batch command (``match --all``, ``allocate``) ranks
# its needs on; the machine's cores by default. Web requests and Celery tasks rank in
# their own process.
BATCH_PROCESSES = int(_env_number("BATCH_PROCESSES", int, min(os.cpu_count() or 1, 8), 1, 64))

# --- Files and limits -----------------------------------------------------------------------
# A request body above this answers 413 with the API's error shape (config.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file upload (multipart) above this answers 413 as well.
UPLOAD_MAX_SIZE = 20 * 1024 * 1024
# Free text (descriptions, comments) is refused past this many characters, naming the field.
TEXT_MAX_LENGTH = 5000
# A JSON body nested deeper than this (arrays and objects within each other) answers 400.
JSON_MAX_DEPTH = 32

# --- Security -------------------------------------------------------------------------------
# How many proxies of our own stand in front of the application, each appending to
# X-Forwarded-For (0: clients connect directly). The client address every rate limit, the
# sign-in lockout and the audit trail use is the one the outermost of them saw
# (core.client_ip); what a client writes in X-Forwarded-For itself is never believed.
NUM_PROXIES = int(_env_number("NUM_PROXIES", int, 0, 0, 10))
# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failures for one username (or
# from one address) the admin, the pages' sign-in and the API token endpoint refuse it for
# AXES_COOLOFF_TIME hours.
# The attempts live in the cache when CACHE_URL is set (Redis: shared by every server
# process), otherwise in the database, which every process shares as well.
AXES_FAILURE_LIMIT = int(_env("AXES_FAILURE_LIMIT", int, 5))  # type: ignore[call-overload]
AXES_COOLOFF_TIME = 0.25  # hours
# Either the same username or the same address failing repeatedly is locked out.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# A mobile number used to sign in counts as the username it belongs to.
AXES_USERNAME_CALLABLE = "config.auth.signin_name"
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if _cache_url
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_LOCKOUT_CALLABLE = "config.middleware.locked_out"
# The lockout counts by the same client address as the rate limits (NUM_PROXIES below).
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_VERBOSE = False

# Content Security Policy (django-csp 4). Pages load scripts from our own static files
# only: no inline scripts, no inline event handlers, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes are set by the admin and Swagger UI's scripts; styles
        # cannot run code, scripts can, so only scripts are held to our own files.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # Production is served over HTTPS (behind a proxy that sets X-Forwarded-Proto).
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Audit trail (django-auditlog): who changed what, when, before and after, for every
# write to these models whichever door it came through (API, pages, admin, services).
# Personal fields are kept masked in the trail.
_PERSONAL = ["contact_name", "phone", "address"]
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "partners.Partner", "mask_fields": _PERSONAL, "m2m_fields": ["tags"]},
    {"model": "partners.Offering", "m2m_fields": ["tags"]},
    "partners.Role",
    {"model": "needs.Need", "m2m_fields": ["tags"]},
    "needs.LiaisonMeeting",
    "needs.Project",
    "needs.Evaluation",
    {"model": "needs.ResidentRequest", "mask_fields": ["phone"]},
)
AUDITLOG_MASK_CALLABLE = "partners.selectors.mask_personal"
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": str(_env("LOG_LEVEL", str, "INFO"))},
    # WeasyPrint narrates every step of every PDF at INFO; its warnings still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
