"""The one settings module of Opvangnet, driven by environment variables (see docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext

from opvangnet.core.env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str

# Lets runtime code write ModelAdmin[Model] and QuerySet[Model] as the type stubs do.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("OPVANGNET_BASE_DIR", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("OPVANGNET_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("OPVANGNET_ENV", "local")
if ENVIRONMENT not in {"local", "test", "production"}:
    raise ConfigurationError(f"OPVANGNET_ENV must be local, test or production, got {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY = env_secret("SECRET_KEY", local_file=VAR_DIR / "secret_key", required=PRODUCTION)
DEBUG = env_bool("DEBUG", False)
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
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "opvangnet.core",
    "opvangnet.regions",
    "opvangnet.accounts",
    "opvangnet.capacity",
    "opvangnet.placement",
    "opvangnet.identification",
    "opvangnet.insights",
    "opvangnet.audit",
    "opvangnet.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opvangnet.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["opvangnet.accounts.backends.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:home"

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
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
    # Token first: an anonymous API call then gets 401 with a WWW-Authenticate header, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
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
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

FORM_RENDERER = "opvangnet.core.forms.FormRenderer"

# Identification: person data is encrypted with OPVANGNET_FIELD_KEY (comma-separated; the first key encrypts,
# all decrypt, for rotation). Deadlines are in working days (see identification/deadlines.py).
_FIELD_KEYS = env_secret("OPVANGNET_FIELD_KEY", local_file=VAR_DIR / "field_key", required=PRODUCTION)
FIELD_ENCRYPTION_KEYS = [key.strip() for key in _FIELD_KEYS.split(",") if key.strip()]
IDENTIFICATION_FIRST_DECISION_WORKING_DAYS = env_int("OPVANGNET_FIRST_DECISION_WORKING_DAYS", 5)
IDENTIFICATION_FINAL_DECISION_WORKING_DAYS = env_int("OPVANGNET_FINAL_DECISION_WORKING_DAYS", 10)
IDENTIFICATION_DEADLINE_WARNING_WORKING_DAYS = env_int("OPVANGNET_DEADLINE_WARNING_WORKING_DAYS", 2)

# Placement: how long an accepted place is held for transport before it is free again.
PLACEMENT_HOLD_MINUTES = env_int("OPVANGNET_PLACEMENT_HOLD_MINUTES", 90)

# National picture (insights): counts from 1 to the threshold minus one are shown as "<5" to aggregate-only
# roles (see core/disclosure.py); the research export is k-anonymous over its quasi-identifiers.
SUPPRESSION_THRESHOLD = env_int("OPVANGNET_SUPPRESSION_THRESHOLD", 5)
RESEARCH_EXPORT_K = env_int("OPVANGNET_RESEARCH_EXPORT_K", 11)
