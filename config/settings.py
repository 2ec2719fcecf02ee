"""Pháo Đài settings: one file, driven by environment variables.

PHAODAI_ENV selects the posture: ``development`` (default, also used by the demo), ``test`` or
``production``. Secrets and the database come from the environment; production refuses to start
without them.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PHAODAI_VAR_DIR", BASE_DIR / "var"))
# Under pytest the posture is "test" unless the environment says otherwise (fast hashing, no manifest).
ENV = os.environ.get("PHAODAI_ENV") or ("test" if "pytest" in sys.modules else "development")
PRODUCTION = ENV == "production"


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("PHAODAI_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("PHAODAI_SECRET_KEY must be set in production.")
    SECRET_KEY = "insecure-development-key-" + "x" * 40

DEBUG = os.environ.get("PHAODAI_DEBUG", "0") == "1" and not PRODUCTION
ALLOWED_HOSTS = _env_list("PHAODAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("PHAODAI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks_db",
    "phaodai.core",
    "phaodai.geo",
    "phaodai.accounts",
    "phaodai.people",
    "phaodai.facilities",
    "phaodai.cases",
    "phaodai.contacts",
    "phaodai.quarantine",
    "phaodai.inventory",
    "phaodai.diagnostics",
    "phaodai.vaccination",
    "phaodai.directives",
    "phaodai.support",
    "phaodai.imports",
    "phaodai.checkpoints",
    "phaodai.readiness",
    "phaodai.command",
    "phaodai.interop",
    "phaodai.exports",
    "phaodai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phaodai.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL through DATABASE_URL ---------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("PHAODAI_SQLITE_PATH", str(VAR_DIR / "phaodai.sqlite3")),
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background jobs (django.tasks through django-tasks-db) -------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if ENV == "test":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# --- Caches -------------------------------------------------------------------------------------
# "memo": short-lived copies of slowly changing data every request asks for (an organisation's served
# units, the rule version in force); dropped on change, at most PHAODAI_MEMO_SECONDS old in another
# process (a shared backend such as Redis makes the drop reach every process). Off in tests, which turn
# it on where they test it (primary keys come back after a rolled-back test).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "memo": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "phaodai-memo",
        "TIMEOUT": int(os.environ.get("PHAODAI_MEMO_SECONDS", "30")) if ENV != "test" else 0,
    },
}

# --- Accounts and passwords ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["phaodai.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOCKOUT_MAX_FAILURES = int(os.environ.get("PHAODAI_LOCKOUT_MAX_FAILURES", "5"))
LOCKOUT_MINUTES = int(os.environ.get("PHAODAI_LOCKOUT_MINUTES", "15"))

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# "Today" for the whole platform (see phaodai.core.clock); the demo pins it to late 2021.
PHAODAI_TODAY = os.environ.get("PHAODAI_TODAY", "")
# A reporting day ends at this local hour (the Ministry counted from 16:00 to 16:00); 0 for midnight.
PHAODAI_REPORT_CUTOFF_HOUR = int(os.environ.get("PHAODAI_REPORT_CUTOFF_HOUR", "16"))
# Imports (phaodai.imports): rows per checkpointed chunk, and how long a silent run is presumed alive.
PHAODAI_IMPORT_CHUNK = int(os.environ.get("PHAODAI_IMPORT_CHUNK", "20000"))
PHAODAI_IMPORT_STALE_SECONDS = int(os.environ.get("PHAODAI_IMPORT_STALE_SECONDS", "300"))
PHAODAI_IMPORT_MAX_BYTES = 200 * 1024 * 1024

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if ENV == "test":
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = ENV != "production"

# --- Security headers and cookies ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("PHAODAI_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "phaodai.accounts.tokens.OrganisationTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["phaodai.core.api.PolicyPermission"],
    "DEFAULT_PAGINATION_CLASS": "phaodai.core.paging.CappedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "phaodai.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pháo Đài API",
    "DESCRIPTION": "Outbreak-response command platform. Every list is scoped to the caller's jurisdiction.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name for a choice set used by several fields (a level computed and a level set by a person).
    "ENUM_NAME_OVERRIDES": {
        "EpidemicLevelEnum": "phaodai.command.models.RiskLevel",
        # a zone's level and the zone level a passage was judged under: one choice set, one name
        "ZoneLevelEnum": "phaodai.checkpoints.reference.ZoneLevel",
    },
}
# --- Platform wiring ----------------------------------------------------------------------------
# The shared kernel resolves a user's jurisdiction through this hook, so it imports no domain app.
PHAODAI_ACCESS_RESOLVER = "phaodai.accounts.access.resolve_access"
# The unit map a fresh deployment starts on: "L" (three tiers, pre-2025) or "N" (two tiers, 2025).
PHAODAI_DEFAULT_MAP = os.environ.get("PHAODAI_MAP", "L")
# Line-list exports longer than this are written by a background job instead of streamed in the request;
# the job writes its files here, and each is deleted once its requester has downloaded it.
PHAODAI_EXPORT_BACKGROUND_ROWS = int(os.environ.get("PHAODAI_EXPORT_BACKGROUND_ROWS", "20000"))
PHAODAI_EXPORTS_DIR = Path(os.environ.get("PHAODAI_EXPORTS_DIR", VAR_DIR / "exports"))
# A written file nobody downloads is deleted after this many hours (``manage.py exports_cleanup``).
PHAODAI_EXPORT_KEEP_HOURS = int(os.environ.get("PHAODAI_EXPORT_KEEP_HOURS", "72"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PHAODAI_LOG_LEVEL", "WARNING")},
}
