"""Settings for the ЦБІ service, read from the environment.

Embedded defaults (SQLite, local files, e-mail printed to the console) make
`make run` work with no server. Production is switched on with
``CBI_ENV=production``; it then refuses to start without a real SECRET_KEY and
ALLOWED_HOSTS, and `manage.py check --deploy` is clean. See docs/operations.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CBI_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Under pytest the default is "test" (the test suite never runs on development
# or production settings by accident).
CBI_ENV = env("CBI_ENV", "test" if "pytest" in sys.modules else "development")
if CBI_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("CBI_ENV must be development, production or test")
PRODUCTION = CBI_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION and CBI_ENV != "test")

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env("SECRET_KEY", None if PRODUCTION else _DEV_SECRET)
if not SECRET_KEY or (PRODUCTION and SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "cbi.web",
    "cbi.common",
    "cbi.audit",
    "cbi.organizations",
    "cbi.registry",
    "cbi.accounts",
    "cbi.notifications",
    "cbi.documents",
    "cbi.primary",
    "cbi.cabinet",
    "cbi.integrations",
    "cbi.signatures",
    "cbi.carqueue",
    "cbi.catalogue",
    "cbi.applications",
    "cbi.help",
    "cbi.statistics",
    "cbi.letters",
    "cbi.imports",
    "cbi.duplicates",
    "cbi.complaints",
    "cbi.agencies",
    "cbi.demo",
]

MIDDLEWARE = [
    # Request id, one log line and the metrics of every request (cbi/web/observability.py).
    "cbi.web.observability.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cbi.web.keep.KeepTypedValuesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cbi.web.middleware.SecurityHeadersMiddleware",
    "cbi.web.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cbi.urls"
CSRF_FAILURE_VIEW = "cbi.web.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cbi.web.context_processors.display_preferences",
                "cbi.accounts.context_processors.staff",
            ],
            "builtins": ["cbi.web.templatetags.cbi_web"],
        },
    },
]
FORM_RENDERER = "cbi.web.forms.AccessibleFormRenderer"

WSGI_APPLICATION = "cbi.wsgi.application"

# --- Database -------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
# A pool is on by default in production on PostgreSQL: a gunicorn sync worker serves one request
# at a time, so 2 connections a process are plenty (see docs/operations.md, "Connections").
DB_POOL_MAX_SIZE = int(env("DB_POOL_MAX_SIZE", "2" if PRODUCTION else "0"))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cbi.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a seed is writing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL_MAX_SIZE > 0:
    # Django 5.2's native psycopg pool (docs/operations.md, "Connections"): each process keeps
    # between DB_POOL_MIN_SIZE and DB_POOL_MAX_SIZE connections and lends one to each request.
    # A pool replaces persistent connections (Django refuses CONN_MAX_AGE with a pool).
    # Connections in use at most = processes × DB_POOL_MAX_SIZE: keep it under the server's
    # max_connections, with room for workers, commands and the replica's own.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(env("DB_POOL_MIN_SIZE", "1")),
        "max_size": DB_POOL_MAX_SIZE,
        # Seconds a request waits for a free connection before it fails (a 503 page).
        "timeout": float(env("DB_POOL_TIMEOUT", "10")),
        # Idle connections above min_size are closed after this many seconds.
        "max_idle": float(env("DB_POOL_MAX_IDLE", "300")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:staff_login"
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cbi.accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "ЦБІ"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    WHITENOISE_USE_FINDERS = True
# Uploads (docs/documents.md): the 3 MB limit per scan is enforced by
# documents.services.validate_upload; these keep big bodies off memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_STORAGE = env("FILE_STORAGE", "local")
if FILE_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "region_name": env("S3_REGION"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif FILE_STORAGE == "local":
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
else:
    raise ImproperlyConfigured("FILE_STORAGE must be 'local' or 's3'")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail -------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ЦБІ <no-reply@cbi.example>")

# --- SMS (cbi/notifications/sms.py, docs/operations.md) ----------------------------
# "console" prints to the terminal (development), "locmem" keeps messages in memory
# (tests), "http" posts JSON to a provider. Production must set the provider: the default
# there is "http", which refuses to send (and says so to the officer) until SMS_HTTP_URL is set.
SMS_BACKEND = env("SMS_BACKEND", "http" if PRODUCTION else "locmem" if CBI_ENV == "test" else "console")
SMS_HTTP_URL = env("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", "")
SMS_HTTP_TIMEOUT = float(env("SMS_HTTP_TIMEOUT", "10"))
SMS_SENDER = env("SMS_SENDER", "CBI")
# Notifications by SMS (docs/notifications.md): a message the provider did not accept is tried
# again after each of these delays (seconds), then marked not delivered; `manage.py retry_sms`
# (run by the worker's timer) sends what is due.
SMS_RETRY_DELAYS = [int(s) for s in env("SMS_RETRY_DELAYS", "60,300,1800,7200,21600").split(",") if s.strip()]
# A code that proves a phone number is the account holder's: valid minutes, wrong tries allowed.
PHONE_CODE_MINUTES = int(env("PHONE_CODE_MINUTES", "15"))
PHONE_CODE_MAX_ATTEMPTS = int(env("PHONE_CODE_MAX_ATTEMPTS", "5"))

# --- Security -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP by the load balancer.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# --- Logging: never personal data (see docs/operations.md) -----------------------
# LOG_FORMAT=json (the production default) writes one JSON object a line; every line carries
# the request id (cbi/web/logs.py, set by cbi/web/observability.py). REQUEST_LOG_LEVEL=INFO
# logs one line a request (method, route pattern, status, milliseconds; never the path's
# values or the query string).
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cbi.web.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "cbi.web.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # axes logs usernames and addresses of failed logins; keep it to warnings.
        "axes": {"level": "WARNING"},
        # Font subsetting for PDFs logs every table it reads at INFO (thousands of lines a letter).
        "fontTools": {"level": "WARNING"},
        # runserver already says it watches for changes.
        "django.utils.autoreload": {"level": "WARNING"},
        # PDF letters: WeasyPrint reports every glyph table at INFO; only problems are worth a line.
        "weasyprint": {"level": "WARNING"},
        # runserver prints its own line a request; gunicorn's access log is off (it has queries).
        "cbi.request": {"level": env("REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    },
}

# /metrics (Prometheus): with a token, only `Authorization: Bearer <token>`; without one, only
# loopback connections that did not come through a proxy (cbi/web/observability.py).
CBI_METRICS_TOKEN = env("CBI_METRICS_TOKEN", "")

# --- Cache: throttles, lockouts and short-lived state shared by every process ------
# CACHE_URL=redis://host:6379/0 uses Redis (Django's own backend); without it, the database
# cache table (created by migrations, so it is there wherever the database is); locmem:// is a
# per-process cache, for a single process only. A per-process
# cache would give each worker its own throttle: N workers, N times the guesses. Tests use
# the per-process memory cache unless CACHE_URL is set (tests/web/test_shared_cache.py sets it).
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "cbi"}}
elif CACHE_URL == "locmem://" or (CBI_ENV == "test" and not CACHE_URL):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cbi_cache"}}

# --- Project settings --------------------------------------------------------------
# The car-queue journal's keys (cbi/carqueue/journal.py, docs/security.md). Each entry is
# chained with HMAC-SHA-256 under a key that lives outside the database: CBI_JOURNAL_KEYS is
# "id:base64key,id:base64key" (or CBI_JOURNAL_KEY_FILE, one "id base64key" a line), and
# CBI_JOURNAL_KEY_ID names the key new entries use. Old keys stay in the ring to verify old
# entries. Outside production a published development key is used (never in production).
_DEV_JOURNAL_KEYS = "dev-2026:ZGV2ZWxvcG1lbnQtam91cm5hbC1rZXktbm90LWZvci1wcm9kdWN0aW9u"


def _journal_keys() -> dict[str, str]:
    text = env("CBI_JOURNAL_KEYS", "")
    key_file = env("CBI_JOURNAL_KEY_FILE", "")
    if key_file:
        text = ",".join(":".join(line.split()) for line in Path(key_file).read_text().splitlines() if line.strip())
    if not text and not PRODUCTION:
        text = _DEV_JOURNAL_KEYS
    return dict(part.strip().split(":", 1) for part in text.split(",") if part.strip())


CBI_JOURNAL_KEYS = _journal_keys()
CBI_JOURNAL_KEY_ID = env("CBI_JOURNAL_KEY_ID", next(iter(CBI_JOURNAL_KEYS), ""))
# Signed checkpoints of every journal's head are appended here (a path outside the database:
# a mounted volume synchronised to append-only object storage in production).
CBI_JOURNAL_CHECKPOINT_DIR = Path(env("CBI_JOURNAL_CHECKPOINT_DIR", str(VAR_DIR / "journal-checkpoints")))

# Other agencies' API (cbi/agencies, docs/agencies-api.md).
AGENCY_CREDENTIAL_DAYS = int(env("AGENCY_CREDENTIAL_DAYS", "90"))
AGENCY_SENDER_ID = env("AGENCY_SENDER_ID", "cbi.gov.ua")
AGENCY_NOTIFY_TIMEOUT_SECONDS = int(env("AGENCY_NOTIFY_TIMEOUT_SECONDS", "10"))
AGENCY_NOTIFY_RETRY_DELAYS = [int(s) for s in env("AGENCY_NOTIFY_RETRY_DELAYS", "60,300,1800,7200").split(",")
                              if s.strip()]
# Mutual TLS for agencies (cbi/agencies/channel.py, AG-CHAN-2): the TLS-terminating proxy verifies
# the client certificate and passes its fingerprint in this header; ЦБІ believes the header only
# from these addresses or networks (the proxies'), and compares it with the fingerprint
# registered for the client. Empty: no proxy is trusted, so a client registered with a
# fingerprint is refused until the proxy is named here.
AGENCY_CLIENT_CERT_HEADER = env("AGENCY_CLIENT_CERT_HEADER", "X-SSL-Client-Fingerprint")
AGENCY_TRUSTED_PROXIES = env_list("AGENCY_TRUSTED_PROXIES", [])
# JSON bodies of the API (cbi/web/json_limits.py): larger or deeper bodies get a 400.
CBI_API_MAX_BODY_BYTES = int(env("CBI_API_MAX_BODY_BYTES", str(256 * 1024)))
CBI_API_MAX_JSON_DEPTH = int(env("CBI_API_MAX_JSON_DEPTH", "32"))

# The address people use to reach the service. Every link in every e-mail is built from it
# (cbi.web.links.absolute_url), never from the request. Must be https:// in production
# (system check web.W001 under `check --deploy`).
# Tests default to Django's test client host, so a test can follow every link it receives.
SITE_URL = env("SITE_URL", "http://testserver" if CBI_ENV == "test" else "http://127.0.0.1:8000").rstrip("/")
# Letters (docs/letters.md): days for a complaint to the higher body. Unverified legal value
# (cbi/letters/appeals.py): the law (No. 2073-IX) was checked by title, number and dates, but no
# stored copy of the article with the term was found; configurable until a lawyer confirms it.
APPEAL_COMPLAINT_TERM_DAYS = int(env("APPEAL_COMPLAINT_TERM_DAYS", "30"))
# Days the higher body has to decide a complaint (docs/complaints.md). Unverified legal value
# (cbi/letters/appeals.py:review_term): configurable until a lawyer confirms it.
COMPLAINT_REVIEW_TERM_DAYS = int(env("COMPLAINT_REVIEW_TERM_DAYS", "30"))
CBI_KATOTTG_CSV = Path(
    env("CBI_KATOTTG_CSV", str(BASE_DIR / "cbi" / "registry" / "data" / "katottg-2024-01-19.csv"))
)
# How long an officer's view of a person stays valid before the record is
# logged again on the next opening (seconds). 0 = log every opening.
CBI_ACCESS_LOG_DEDUP_SECONDS = int(env("CBI_ACCESS_LOG_DEDUP_SECONDS", "0"))

# --- Background work (django-tasks) -----------------------------------------
# One task API for e-mail, vehicle-register checks, deadline sweeps and queue
# renumbering. The database backend needs no extra server: run workers with
# `python manage.py db_worker` (any number of machines sharing the database).
# Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if CBI_ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# A task RUNNING longer than this (seconds) is taken for one whose worker died and is put back
# in the queue by `manage.py requeue_stale_tasks` (cbi/web/taskqueue.py); longer than any task
# runs. After TASKS_MAX_CLAIMS claims without an end it is marked failed instead.
TASKS_LEASE_SECONDS = int(env("TASKS_LEASE_SECONDS", "3600"))
TASKS_MAX_CLAIMS = int(env("TASKS_MAX_CLAIMS", "3"))

# --- Norms of assistive products (docs/assistive-products-procedure.md) ----------
# The data file `manage.py load_norms` reads: terms of use, maximum compensation and who may
# receive each product, with source and effective date. Unverified values are marked in the file.
CATALOGUE_NORMS_FILE = Path(env("CATALOGUE_NORMS_FILE", str(BASE_DIR / "cbi/catalogue/data/norms.json")))
# How many days before a delivered product's term of use ends the person is reminded (EC-APP-2).
REPLACEMENT_REMINDER_DAYS_BEFORE = int(env("REPLACEMENT_REMINDER_DAYS_BEFORE", "30"))

# --- Qualified e-signature (КЕП) and id.gov.ua (docs/signatures.md) ------------
SIGNATURES_CA_BUNDLE = Path(env("SIGNATURES_CA_BUNDLE", str(BASE_DIR / "cbi/signatures/data/CACertificates.p7b")))
SIGNATURES_PROVIDERS_FILE = Path(
    env("SIGNATURES_PROVIDERS_FILE", str(BASE_DIR / "cbi/signatures/data/trust-service-providers.json"))
)
SIGNATURES_CRL_FILES = env_list("SIGNATURES_CRL_FILES", [])
# DSTU 4145 (most Ukrainian keys) is verified by the kept JavaScript implementation in a node
# subprocess (cbi/signatures/dstu_backend.py) whenever node and the pinned packages are installed
# (scripts/bootstrap.sh: npm ci); without them DSTU signatures get unsupported_key_format_dstu.
_DSTU_READY = bool(__import__("shutil").which("node")) and (
    BASE_DIR / "cbi/signatures/dstu/node_modules/jkurwa").is_dir()
SIGNATURES_BACKENDS = env_list("SIGNATURES_BACKENDS", [
    *(["cbi.signatures.dstu_backend.DstuNodeBackend"] if _DSTU_READY else []),
    "cbi.signatures.verifiers.StandardBackend",
])
SIGNATURES_DSTU_TIMEOUT = float(env("SIGNATURES_DSTU_TIMEOUT", "5"))
SIGNATURES_MAX_SIGNING_SKEW = int(env("SIGNATURES_MAX_SIGNING_SKEW", "300"))
SIGNATURES_IDENTITY_MAX_AGE = int(env("SIGNATURES_IDENTITY_MAX_AGE", "900"))
IDGOVUA_BASE_URL = env("IDGOVUA_BASE_URL", "https://test.id.gov.ua")
IDGOVUA_CLIENT_ID = env("IDGOVUA_CLIENT_ID", "")
IDGOVUA_CLIENT_SECRET = env("IDGOVUA_CLIENT_SECRET", "")
IDGOVUA_REDIRECT_URI = env("IDGOVUA_REDIRECT_URI", "")
# The local mock identity provider: on in development and tests, never in production.
IDGOVUA_MOCK = env_bool("IDGOVUA_MOCK", not PRODUCTION)
IDGOVUA_TIMEOUT = int(env("IDGOVUA_TIMEOUT", "10"))
IDGOVUA_AUTH_TYPES = env("IDGOVUA_AUTH_TYPES", "dig_sign,diia_id,bank_id")
CBI_AUTH_CODE_TTL_DAYS = int(env("CBI_AUTH_CODE_TTL_DAYS", "30"))

# --- Access log ("who viewed my data", docs/security.md) ----------------------------------------
# A choice, not a legal term: reads are kept 5 years, then `manage.py purge_access_log` deletes them.
ACCESS_LOG_RETENTION_DAYS = int(env("ACCESS_LOG_RETENTION_DAYS", str(5 * 365 + 1)))

# --- Held uploads (docs/accessibility.md, "No file ever lost") ---------------------------------
# A choice, not a legal term: a file chosen on a form that came back with an error is held this
# many hours for the officer who chose it; then `manage.py purge_held_uploads` deletes it.
HELD_UPLOAD_HOURS = int(env("HELD_UPLOAD_HOURS", "24"))

# --- Primary registration: saved drafts and anonymous quotas (docs/primary-registration.md) --
# A draft nobody touches for this many days is deleted with its files (purge_primary_drafts).
PRIMARY_DRAFT_DAYS = int(env("PRIMARY_DRAFT_DAYS", "30"))
# Published statistics: a count from 1 to this minus one is not shown ("fewer than 5"); a
# statistical-disclosure policy, not a legal value (docs/statistics.md).
STATISTICS_MIN_CELL = int(env("STATISTICS_MIN_CELL", "5"))
PRIMARY_MAX_OPEN_DRAFTS_PER_SESSION = int(env("PRIMARY_MAX_OPEN_DRAFTS_PER_SESSION", "3"))
PRIMARY_MAX_OPEN_DRAFTS_PER_CLIENT = int(env("PRIMARY_MAX_OPEN_DRAFTS_PER_CLIENT", "20"))
PRIMARY_MAX_DRAFT_BYTES_PER_SESSION = int(env("PRIMARY_MAX_DRAFT_BYTES_PER_SESSION", str(30 * 1024 * 1024)))
PRIMARY_MAX_DRAFT_BYTES_PER_CLIENT = int(env("PRIMARY_MAX_DRAFT_BYTES_PER_CLIENT", str(200 * 1024 * 1024)))
PRIMARY_MAX_ANONYMOUS_BYTES = int(env("PRIMARY_MAX_ANONYMOUS_BYTES", str(5 * 1024 * 1024 * 1024)))
# Wrong return codes: after this many from one client address, wait the window out.
PRIMARY_RETURN_CODE_MAX_FAILURES = int(env("PRIMARY_RETURN_CODE_MAX_FAILURES", "5"))
PRIMARY_RETURN_CODE_FAILURE_WINDOW = int(env("PRIMARY_RETURN_CODE_FAILURE_WINDOW", str(15 * 60)))

# --- Vehicle register of the Ministry of Internal Affairs (docs/integrations.md) --
VEHICLE_REGISTER_BACKEND = env("VEHICLE_REGISTER_BACKEND", "fake")  # "fake" | "http"
VEHICLE_REGISTER_URL = env("VEHICLE_REGISTER_URL", "")
VEHICLE_REGISTER_TOKEN = env("VEHICLE_REGISTER_TOKEN", "")
VEHICLE_REGISTER_CLIENT_CERT = env("VEHICLE_REGISTER_CLIENT_CERT", "")
VEHICLE_REGISTER_CLIENT_KEY = env("VEHICLE_REGISTER_CLIENT_KEY", "")
VEHICLE_REGISTER_CA_BUNDLE = env("VEHICLE_REGISTER_CA_BUNDLE", "")
VEHICLE_REGISTER_REQUESTER = env("VEHICLE_REGISTER_REQUESTER", "")
VEHICLE_REGISTER_CONNECT_TIMEOUT = float(env("VEHICLE_REGISTER_CONNECT_TIMEOUT", "5"))
VEHICLE_REGISTER_TIMEOUT = float(env("VEHICLE_REGISTER_TIMEOUT", "20"))
VEHICLE_REGISTER_RETRIES = int(env("VEHICLE_REGISTER_RETRIES", "2"))
VEHICLE_REGISTER_BACKOFF = float(env("VEHICLE_REGISTER_BACKOFF", "0.5"))
VEHICLE_REGISTER_FAKE_DOWN = env_bool("VEHICLE_REGISTER_FAKE_DOWN", False)
VEHICLE_CHECK_MAX_ATTEMPTS = int(env("VEHICLE_CHECK_MAX_ATTEMPTS", "8"))
VEHICLE_CHECK_RETRY_DELAY = int(env("VEHICLE_CHECK_RETRY_DELAY", "600"))
VEHICLE_CHECK_RETRY_MAX_DELAY = int(env("VEHICLE_CHECK_RETRY_MAX_DELAY", "21600"))
VEHICLE_RECHECK_PERSONS = env("VEHICLE_RECHECK_PERSONS", "cbi.carqueue.vehicle_recheck.active_queue_persons")

# The item of the assistive-products Procedure (Resolution No. 321 of 5 April 2012) that names
# the grounds ending or suspending the right (cbi/applications/right.py). Not verified: the grounds
# were read only in a secondary description, and no stored copy of the current official text
# showed the item (docs/assistive-products-procedure.md, "Verification of the legal values").
# Empty means the Procedure is cited without an item. Set ASSISTIVE_RIGHT_ITEM_VERIFIED only after
# a lawyer checked the item against the official text; without an item it changes nothing (the
# letters keep saying the item is not verified).
ASSISTIVE_RIGHT_ITEM = env("ASSISTIVE_RIGHT_ITEM", "")
ASSISTIVE_RIGHT_ITEM_VERIFIED = env_bool("ASSISTIVE_RIGHT_ITEM_VERIFIED", False)
# Electronic referrals for assistive products (issue #16 §1, docs/assistive-products-procedure.md):
# calendar days for each open step (issued: accept or decline; accepted / fitting: deliver). Project
# defaults, NOT verified against the procedure: set from the official text before production.
_REFERRAL_DELIVERY_DAYS = int(env("REFERRAL_DELIVERY_DAYS", "30"))
REFERRAL_DUE_DAYS = {
    "issued": int(env("REFERRAL_ACCEPT_DAYS", "5")),
    "accepted": _REFERRAL_DELIVERY_DAYS,
    "fitting": _REFERRAL_DELIVERY_DAYS,
}
REFERRAL_DUE_DAYS_VERIFIED = False
