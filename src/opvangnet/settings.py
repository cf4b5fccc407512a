"""The one settings module of Opvangnet, driven by environment variables (see docs/configuration.md)."""

from __future__ import annotations

import datetime as _dt
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext

from opvangnet.core.env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str

# Lets runtime code write ModelAdmin[Model] and QuerySet[Model] as the type stubs do.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("OPVANGNET_BASE_DIR", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("OPVANGNET_VAR_DIR", str(BASE_DIR / "var")))

# Fail closed: a deployment that forgets OPVANGNET_ENV runs as production; `make run` and `make test` set
# local.
ENVIRONMENT = env_str("OPVANGNET_ENV", "production")
if ENVIRONMENT not in {"local", "test", "production"}:
    raise ConfigurationError(f"OPVANGNET_ENV must be local, test or production, got {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"
# Shortest secret accepted in production: 32 characters (256 bits of hex, 192 of base64) at least.
MIN_SECRET_LENGTH = 32

SECRET_KEY = env_secret(
    "SECRET_KEY", local_file=VAR_DIR / "secret_key", required=PRODUCTION, min_length=MIN_SECRET_LENGTH
)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ConfigurationError("DEBUG must be off when OPVANGNET_ENV=production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("ALLOWED_HOSTS must be set when OPVANGNET_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "opvangnet.core",
    "opvangnet.regions",
    "opvangnet.accounts",
    "opvangnet.capacity",
    "opvangnet.placement",
    "opvangnet.identification",
    "opvangnet.collection",
    "opvangnet.insights",
    "opvangnet.audit",
    "opvangnet.planning",
    "opvangnet.worklist",
    "opvangnet.demo",
    "opvangnet.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opvangnet.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opvangnet.accounts.middleware.SecondFactorRequiredMiddleware",
    "opvangnet.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opvangnet.urls"
WSGI_APPLICATION = "opvangnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opvangnet.accounts.context_processors.navigation",
                "opvangnet.placement.context_processors.notices",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opvangnet.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a command write at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Per process: the national picture's cached reads and the overview's rows (keyed by everything they show, so
# never stale in a figure). Room for every offer's row of a few viewers before the oldest are dropped.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("OPVANGNET_CACHE_ENTRIES", 10_000)},
    }
}

AUTH_USER_MODEL = "accounts.User"
# Axes first: it counts failures and refuses locked-out accounts before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "opvangnet.accounts.backends.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "worklist:home"
LOGOUT_REDIRECT_URL = "worklist:home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
# The app serves its own assets; finders let the demo run without a collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: every script and stylesheet is a file the application serves. Charts
# are SVG images in `data:` URIs (see core/charts.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page needs a camera, a microphone, a location or payment; say so to the browser.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "opvangnet@localhost")

REST_FRAMEWORK = {
    # Token first: an anonymous API call then gets 401 with a WWW-Authenticate header, not 403. Session
    # authentication counts only a login completed with its second factor.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "opvangnet.accounts.tokens.ApiTokenAuthentication",
        "opvangnet.accounts.tokens.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Opvangnet API",
    "DESCRIPTION": "Shelter and help for victims of human trafficking in the Netherlands.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name per code list of opvangnet/vocabulary.py, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "CareTypeEnum": "opvangnet.vocabulary.CareType",
        "ExploitationEnum": "opvangnet.vocabulary.Exploitation",
        "GenderEnum": "opvangnet.vocabulary.Gender",
        "NeedEnum": "opvangnet.vocabulary.Need",
        "SecurityLevelEnum": "opvangnet.vocabulary.SecurityLevel",
        "PlacementUrgencyEnum": "opvangnet.placement.models.Urgency",
        "IdentificationUrgencyEnum": "opvangnet.identification.models.Urgency",
        "ExitDestinationEnum": "opvangnet.placement.models.ExitDestination",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

FORM_RENDERER = "opvangnet.core.forms.FormRenderer"

# Identification: person data is encrypted with OPVANGNET_FIELD_KEY (comma-separated; the first key encrypts,
# all decrypt, for rotation). Deadlines are in working days (see identification/deadlines.py).
_FIELD_KEYS = env_secret("OPVANGNET_FIELD_KEY", local_file=VAR_DIR / "field_key", required=PRODUCTION)
FIELD_ENCRYPTION_KEYS = [key.strip() for key in _FIELD_KEYS.split(",") if key.strip()]
if PRODUCTION and any(len(key) < MIN_SECRET_LENGTH for key in FIELD_ENCRYPTION_KEYS):
    raise ConfigurationError(f"every OPVANGNET_FIELD_KEY must be at least {MIN_SECRET_LENGTH} characters")
# Deadline defaults and their sources: docs/decisions.md ("Identification deadlines").
IDENTIFICATION_OPINION_WORKING_DAYS = env_int("OPVANGNET_OPINION_WORKING_DAYS", 40)
IDENTIFICATION_INFORMATION_WORKING_DAYS = env_int("OPVANGNET_INFORMATION_WORKING_DAYS", 20)
IDENTIFICATION_RESPONSE_WORKING_DAYS = env_int("OPVANGNET_RESPONSE_WORKING_DAYS", 10)
IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS = env_int("OPVANGNET_DEADLINE_WARNING_WORKING_DAYS", 2)
# Days made equal to a public holiday by a decree newer than the table in identification/deadlines.py.
IDENTIFICATION_EXTRA_CLOSED_DAYS = frozenset(
    _dt.date.fromisoformat(day) for day in env_list("OPVANGNET_EXTRA_CLOSED_DAYS", [])
)
# A wrong or missing field key answers with a readable page where person data is needed, not a crash.
MIDDLEWARE = [*MIDDLEWARE, "opvangnet.identification.middleware.FieldKeyErrorMiddleware"]

# Placement: how long an accepted place is held for transport before it is free again.
PLACEMENT_HOLD_MINUTES = env_int("OPVANGNET_PLACEMENT_HOLD_MINUTES", 90)

# Security: second factor, lockout, API tokens, audit key (see docs/security.md).
# Every role signs in with a second factor; only a local demo may switch it off, never production.
REQUIRE_SECOND_FACTOR = env_bool("OPVANGNET_REQUIRE_SECOND_FACTOR", True)
if PRODUCTION and not REQUIRE_SECOND_FACTOR:
    raise ConfigurationError("OPVANGNET_REQUIRE_SECOND_FACTOR cannot be off when OPVANGNET_ENV=production")
OTP_TOTP_ISSUER = "Opvangnet"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try
AXES_FAILURE_LIMIT = env_int("OPVANGNET_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("OPVANGNET_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours, as axes counts
# Lock a username and, separately, an address that tries many usernames.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("OPVANGNET_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_VERBOSE = False
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model name, not a secret
# knox's own migrations create its stock token table even when another model replaces it; that table would
# hold a foreign key to every user and stop PostgreSQL from emptying the user table. Our model has its own.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("OPVANGNET_API_TOKEN_DAYS", 90)),
    "TOKEN_PREFIX": "opv_",
    "AUTH_HEADER_PREFIX": "Token",
}
AUDIT_KEY = env_secret(
    "OPVANGNET_AUDIT_KEY", local_file=VAR_DIR / "audit_key", required=PRODUCTION, min_length=MIN_SECRET_LENGTH
)
# Planning and background work: tasks go through Django's tasks framework (the django-tasks backport); the
# database backend needs no extra server, and `opvangnet serve` starts its worker (OPVANGNET_TASK_WORKER=0
# when workers run elsewhere). See docs/configuration.md.
TASKS = {
    "default": {
        "BACKEND": env_str("OPVANGNET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
TASK_WORKER = env_bool("OPVANGNET_TASK_WORKER", True)
# `opvangnet serve` also starts the sweep that gives back places whose hold is over (`expire-holds --every`);
# pages only read, so a hold shows as expired until the next sweep (0: no sweep, run `expire-holds` by cron).
HOLD_SWEEP_SECONDS = env_int("OPVANGNET_HOLD_SWEEP_SECONDS", 30)
# Data collection: reminders before the deadline (days before), then the day after and every N days after it,
# for at most LIMIT days (see collection/reminders.py and `opvangnet remind-rounds`).
try:
    COLLECTION_REMIND_DAYS_BEFORE = [
        int(day) for day in env_list("OPVANGNET_COLLECTION_REMIND_DAYS_BEFORE", ["7", "1"])
    ]
except ValueError as _error:
    raise ConfigurationError("OPVANGNET_COLLECTION_REMIND_DAYS_BEFORE lists whole days, e.g. 7,1") from _error
COLLECTION_REMIND_EVERY_DAYS_AFTER = env_int("OPVANGNET_COLLECTION_REMIND_EVERY_DAYS_AFTER", 7)
COLLECTION_REMIND_DAYS_AFTER_LIMIT = env_int("OPVANGNET_COLLECTION_REMIND_DAYS_AFTER_LIMIT", 60)
# Reliability: every bad API request is a readable 4xx (see core/api.py): pages of at most 500 rows and a JSON
# parser that turns absurd nesting into 400.
REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "opvangnet.core.api.BoundedLimitOffsetPagination"
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "opvangnet.core.api.SafeJSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]

# Retention (docs/decisions.md, "Retention"): the days each kind of record is kept before
# `opvangnet apply-retention` anonymises or deletes it.
RETENTION = {
    "placement_requests": env_int("OPVANGNET_RETENTION_PLACEMENT_DAYS", 2 * 365),
    "availability_history": env_int("OPVANGNET_RETENTION_AVAILABILITY_DAYS", 3 * 365),
    "identification_concluded": env_int("OPVANGNET_RETENTION_IDENTIFICATION_CONCLUDED_DAYS", 5 * 365),
    "identification_withdrawn": env_int("OPVANGNET_RETENTION_IDENTIFICATION_WITHDRAWN_DAYS", 365),
    "identification_consultations": env_int("OPVANGNET_RETENTION_IDENTIFICATION_CONSULTATIONS_DAYS", 2 * 365),
    "audit_entries": env_int("OPVANGNET_RETENTION_AUDIT_DAYS", 10 * 365),
}

# Operations: `/health/` answers the load balancer over plain HTTP too; logs are JSON lines (one object per
# line, no query strings, no traceback for a 4xx; see operations/logs.py) unless OPVANGNET_LOG_FORMAT=text.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
LOG_FORMAT = env_str("OPVANGNET_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ConfigurationError(f"OPVANGNET_LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING["formatters"] = {
    "json": {"()": "opvangnet.operations.logs.JsonFormatter"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
}
LOGGING["filters"] = {"no_traceback_below_500": {"()": "opvangnet.operations.logs.NoTracebackBelow500"}}
LOGGING["handlers"] = {
    "console": {
        "class": "logging.StreamHandler",
        "formatter": LOG_FORMAT,
        "filters": ["no_traceback_below_500"],
    }
}
# Serving (issue 12): database connections kept open between requests (gunicorn's threads live long, so
# each reuses its own) and checked before reuse, so a restarted database costs one failed check, not an
# error page; gunicorn's worker processes and threads per process for `opvangnet serve`. A process holds
# its own copy of the offers as columns for matching, so more threads share one copy and more processes use
# more cores. (This sets the connection age for the database defined above.)
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)
SERVE_WORKERS = env_int("WEB_CONCURRENCY", max(2, (os.cpu_count() or 1) + 1))
SERVE_THREADS = env_int("OPVANGNET_THREADS", 4)
SERVE_TIMEOUT = env_int("OPVANGNET_REQUEST_TIMEOUT", 30)
SERVE_KEEPALIVE = env_int("OPVANGNET_KEEPALIVE", 10)
# National picture (insights): counts from 1 to the threshold minus one are shown as "<5" to aggregate-only
# roles (see core/disclosure.py); the research export is k-anonymous over its quasi-identifiers.
SUPPRESSION_THRESHOLD = env_int("OPVANGNET_SUPPRESSION_THRESHOLD", 5)
RESEARCH_EXPORT_K = env_int("OPVANGNET_RESEARCH_EXPORT_K", 11)
