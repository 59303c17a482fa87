"""Settings for People Zones, read top to bottom; every deploy-specific value comes from the environment.

Development and tests use these settings as they are (SQLite under var/). Production uses
`peoplezones.production_settings`, which imports this module and hardens it.
"""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf import locale as django_locale
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PZ_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
# Development-only key; production_settings refuses to run with it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "peoplezones.core",
    "peoplezones.search",
    "peoplezones.pages",
    "peoplezones.geography",
    "peoplezones.zones",
    "peoplezones.toolkit",
    "peoplezones.assets",
    "peoplezones.research",
    "peoplezones.outcomes",
    "peoplezones.community",
    "peoplezones.volunteering",
    "peoplezones.applications",
    "peoplezones.privacy",
    "peoplezones.api",
    "peoplezones.programme",
    "peoplezones.evaluation",
    "peoplezones.datasources",
    "phonenumber_field",
    "rosetta",
    "peoplezones.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "peoplezones.core.middleware.RefuseNulMiddleware",
    # ETag on every GET response; If-None-Match answered with 304 (API clients, feeds, maps).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ?lang= on any page, remembered (after sign-in is known, so an account keeps the choice).
    "peoplezones.core.languages.LanguageChoiceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "peoplezones.core.middleware.RequireMFAMiddleware",
    "peoplezones.core.middleware.StaffSessionMiddleware",
    # Anything a signed-in person changes starts the dashboard's kept work queues afresh.
    "peoplezones.core.middleware.WorkChangedMiddleware",
    "peoplezones.core.middleware.PermissionsPolicyMiddleware",
    "peoplezones.core.middleware.CSPMiddleware",
    "peoplezones.core.middleware.DiskFullMiddleware",
]

ROOT_URLCONF = "peoplezones.urls"
WSGI_APPLICATION = "peoplezones.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "peoplezones" / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peoplezones.core.context_processors.site",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL names another database (postgres://user:pass@host/db).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'peoplezones.sqlite3'}"),
        # Kept open between requests by a long-running server (gunicorn sets it, say 600): a new
        # PostgreSQL connection per request is a new server process each time. Checked before
        # reuse, so one the database dropped (a restart) is opened again, not failed on.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the demo server read while a command writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One store in production: the database also holds the cache that allauth's login limits use.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "peoplezones"),
    },
    # Parts of pages drawn from the code as well as the data (a survey's questions): kept in each
    # process's memory, so a release, which restarts the processes, never meets an old drawing.
    "drawn": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "drawn"},
}

# --- Accounts and sign-in ---------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_ADAPTER = "peoplezones.core.accounts.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # allauth applies this to second-factor codes only (per account: reaching that step takes
    # the password). Wrong passwords are slowed by core.signin (no lock anyone could use on an
    # owner): failures per address and account, per address, per account from unrecognised
    # devices, and per recognised device, as "count/seconds" below.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",  # nosec B105 # a rate limit, not a password
    "confirm_email": "1/3m/key",
}
PZ_SIGNIN_PAIR_RATE = os.environ.get("PZ_SIGNIN_PAIR_RATE", "5/900")
PZ_SIGNIN_ADDRESS_RATE = os.environ.get("PZ_SIGNIN_ADDRESS_RATE", "30/3600")
PZ_SIGNIN_ACCOUNT_RATE = os.environ.get("PZ_SIGNIN_ACCOUNT_RATE", "50/3600")
PZ_SIGNIN_DEVICE_RATE = os.environ.get("PZ_SIGNIN_DEVICE_RATE", "10/900")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "People Zones"
# A code from the 30 seconds just before or after is accepted too (RFC 6238's one step of clock
# drift): a code typed as its window closes is not refused.
MFA_TOTP_TOLERANCE = 1
# Roles that handle people's data must sign in with a second factor (see core.middleware).
PZ_MFA_REQUIRED_ROLES = env_list("PZ_MFA_REQUIRED_ROLES", "staff,coordinator,partner")

# --- Background tasks (django-tasks): run at once here; production queues them in the database
# and `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "PZ_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- The REST API (peoplezones.api): public and read-only; OpenAPI 3 schema by drf-spectacular,
# its docs page served with the Swagger UI files bundled in drf-spectacular-sidecar (no CDN).
# Behind a trusted reverse proxy, the number of proxies whose X-Forwarded-For entries to trust
# (the flood limits' core.ratelimit.client_ip and the API's throttles both use it).
PZ_TRUSTED_PROXY_COUNT = int(os.environ.get("PZ_TRUSTED_PROXY_COUNT", "0"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "peoplezones.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    # Without it DRF would take a caller's own X-Forwarded-For as their address, and anyone could
    # change address on every request to pass the limit.
    "NUM_PROXIES": PZ_TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("PZ_API_ANON_RATE", "600/minute"),
        "token": os.environ.get("PZ_API_TOKEN_RATE", "1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "People Zones API",
    "DESCRIPTION": "Public, read-only data of the People Zones programme: Zones and their "
    "action plans, community assets, Tool Kit options and events. Never personal data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "peoplezones.api.schema.standard_errors",
    ],
    "ENUM_NAME_OVERRIDES": {"ActionStatusEnum": "peoplezones.zones.models.ActionStatus"},
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# The public site's languages (each with a catalogue in locale/): English and the languages most
# spoken at home in Leicester for which the platform has its words translated. An area adds one
# with `makemessages -l <code>`, translating and reviewing it at /translations/, and naming it here.
LANGUAGES = [
    ("en-gb", _("English")),
    ("gu", _("Gujarati")),
    ("pl", _("Polish")),
    ("ur", _("Urdu")),
]
# For the switcher: each language named in itself, and "change the language to ..." in it.
PZ_LANGUAGE_NAMES = {
    "en-gb": ("English", "Change the language to English"),
    "gu": ("ગુજરાતી", "ભાષા બદલીને ગુજરાતી કરો"),
    "pl": ("Polski", "Zmień język na polski"),
    "ur": ("اردو", "زبان بدل کر اردو کریں"),
}
# Django knows Polish and Urdu; Gujarati is described here so its name and direction are known.
django_locale.LANG_INFO.setdefault(
    "gu", {"bidi": False, "code": "gu", "name": "Gujarati", "name_local": "ગુજરાતી"}
)
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the choice is remembered for a year
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Staff review the catalogues' strings in the browser (django-rosetta, /translations/strings/);
# core.catalogues compiles them keeping unreviewed strings, so rosetta's own compiling is off.
ROSETTA_ACCESS_CONTROL_FUNCTION = "peoplezones.core.permissions.is_programme_staff"
ROSETTA_AUTO_COMPILE = False
ROSETTA_SHOW_AT_ADMIN_PANEL = False
ROSETTA_MESSAGES_SOURCE_LANGUAGE_CODE = "en"
ROSETTA_MESSAGES_SOURCE_LANGUAGE_NAME = "English"
ROSETTA_LANGUAGES = LANGUAGES[1:]
ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS = False  # no outside translation service
ROSETTA_SHOW_OCCURRENCES = True
ROSETTA_MESSAGES_PER_PAGE = 25
ROSETTA_EXCLUDED_APPLICATIONS = ("rosetta",)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files: everything served by the platform itself, no CDN ---------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The sentence model's vectors kept by the text they were worked out from (search.embedding), so
# that a demo loaded again, a restored backup or the second test pass does not read it all again.
# Empty: kept in memory only.
PZ_SEARCH_VECTOR_CACHE = os.environ.get(
    "PZ_SEARCH_VECTOR_CACHE", str(VAR_DIR / "search-vectors.sqlite3")
)
# Leaflet and Leaflet.draw come from django-leaflet's bundled copies. Its Django app needs GDAL,
# which we do not use, so only its static folder is added (found without importing it).
STATICFILES_DIRS = [Path(find_spec("leaflet").origin).parent / "static"]  # type: ignore[union-attr, arg-type]
STORAGES = {
    "default": {"BACKEND": "peoplezones.core.storage.WholeFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "People Zones <hello@peoplezones.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Maps: the base map under every map (core.basemap). By default OpenStreetMap's standard tiles,
# used as their tile usage policy asks; any XYZ raster source instead; "off" for none. A PMTiles
# archive of the area (PZ_MAP_PMTILES, see docs/maps.md) is served by the platform itself and
# then no resident's browser talks to another site; it wins over PZ_MAP_TILE_URL.
PZ_MAP_TILE_URL = os.environ.get(
    "PZ_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
PZ_MAP_TILE_MAX_ZOOM = int(os.environ.get("PZ_MAP_TILE_MAX_ZOOM", "19"))
PZ_MAP_TILE_ATTRIBUTION = os.environ.get("PZ_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
PZ_MAP_TILE_ATTRIBUTION_URL = os.environ.get(
    "PZ_MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)
PZ_MAP_PMTILES = os.environ.get("PZ_MAP_PMTILES", "")

# --- Security headers (strict in every mode; production adds HTTPS-only settings) -------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The tile host in use is added to img-src by core.middleware.CSPMiddleware.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# Staff, coordinators and partners (who see people's data): signed out after 2 hours idle and
# 10 hours after signing in (core.middleware.StaffSessionMiddleware).
PZ_STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("PZ_STAFF_SESSION_IDLE_SECONDS", "7200"))
PZ_STAFF_SESSION_MAX_SECONDS = int(os.environ.get("PZ_STAFF_SESSION_MAX_SECONDS", "36000"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF at INFO, and fontTools every font it subsets.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- People Zones -----------------------------------------------------------------------------
PZ_SITE_NAME = os.environ.get("PZ_SITE_NAME", "People Zones")
PZ_PROGRAMME_AREA = os.environ.get("PZ_PROGRAMME_AREA", "Leicester, Leicestershire and Rutland")
PZ_DEMO = env_bool("PZ_DEMO", False)
# The site's public address, for links in emails.
PZ_SITE_URL = os.environ.get("PZ_SITE_URL", "http://127.0.0.1:8000")
# Outbound fetches of addresses people or settings give us (core.fetch): only public addresses,
# plus any networks named here (a council directory on a private network, or tests' local
# servers); another CA bundle for https if the deployment needs one.
PZ_FETCH_ALLOW_NETWORKS = env_list("PZ_FETCH_ALLOW_NETWORKS", "")
PZ_FETCH_CA_BUNDLE = os.environ.get("PZ_FETCH_CA_BUNDLE", "")
# Zips we are given: no member unpacks past this size, nor past this many times its packed size.
PZ_ZIP_MAX_MEMBER_MB = int(os.environ.get("PZ_ZIP_MAX_MEMBER_MB", "2048"))
PZ_ZIP_MAX_RATIO = int(os.environ.get("PZ_ZIP_MAX_RATIO", "100"))
# Background jobs (imports, uploads) still working this long after they started are ended as
# failed by `manage.py fail_stuck_jobs` (cron): their worker died, or none is running.
PZ_JOB_STUCK_MINUTES = int(os.environ.get("PZ_JOB_STUCK_MINUTES", "360"))
# A working job's worker writes a beat this often; a beat older than PZ_JOB_SILENT_SECONDS is a
# worker that died mid-way, and its job is ended as failed (core.jobs) on PostgreSQL.
PZ_JOB_HEARTBEAT_SECONDS = float(os.environ.get("PZ_JOB_HEARTBEAT_SECONDS", "15"))
PZ_JOB_SILENT_SECONDS = float(os.environ.get("PZ_JOB_SILENT_SECONDS", "90"))
PZ_FETCH_USER_AGENT = os.environ.get("PZ_FETCH_USER_AGENT", "PeopleZones/1 (" + PZ_SITE_URL + ")")

# GOV.UK Notify for texts and letters (and email, when set): the API key, the address (a test server
# may stand in), one template per channel that shows ((subject)) and ((body)), and the token
# Notify's delivery receipts carry. Without a key, texts and letters fall back to email.
PZ_NOTIFY_API_KEY = os.environ.get("PZ_NOTIFY_API_KEY", "")
PZ_NOTIFY_BASE_URL = os.environ.get(
    "PZ_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
PZ_NOTIFY_TEMPLATES = {
    "email": os.environ.get("PZ_NOTIFY_EMAIL_TEMPLATE", ""),
    "text": os.environ.get("PZ_NOTIFY_TEXT_TEMPLATE", ""),
    "letter": os.environ.get("PZ_NOTIFY_LETTER_TEMPLATE", ""),
}
PZ_NOTIFY_CALLBACK_TOKEN = os.environ.get("PZ_NOTIFY_CALLBACK_TOKEN", "")
# Waits between tries of a message the service could not take, the last repeated; failed when
# the next try would come more than PZ_MESSAGE_GIVE_UP_HOURS after it was written.
PZ_MESSAGE_RETRY_MINUTES = [1, 5, 15]
PZ_MESSAGE_GIVE_UP_HOURS = int(os.environ.get("PZ_MESSAGE_GIVE_UP_HOURS", "24"))

# "Exit this page" (GOV.UK pattern) on sensitive pages: where it goes, an ordinary site.
PZ_QUICK_EXIT_URL = os.environ.get("PZ_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# The programme area and the official and open sources kept current for it (docs/new-area.md).
PZ_AREA_FILE = os.environ.get(
    "PZ_AREA_FILE", str(BASE_DIR / "areas" / "leicester-leicestershire-rutland.toml")
)
PZ_SOURCE_CACHE = os.environ.get("PZ_SOURCE_CACHE", str(VAR_DIR / "sources"))
PZ_SOURCE_TIMEOUT = float(
    os.environ.get("PZ_SOURCE_TIMEOUT", "60")
)  # seconds a publisher may be silent
PZ_SOURCE_RETRIES = int(os.environ.get("PZ_SOURCE_RETRIES", "3"))
PZ_SOURCE_MAX_WAIT = int(
    os.environ.get("PZ_SOURCE_MAX_WAIT", "300")
)  # longest Retry-After honoured
PZ_SOURCE_MAX_MB = int(
    os.environ.get("PZ_SOURCE_MAX_MB", "2000")
)  # largest download (ONSPD ~ 250 MB)
# Applications not answered within this many days show as overdue in the staff inbox.
PZ_APPLICATION_OVERDUE_DAYS = int(os.environ.get("PZ_APPLICATION_OVERDUE_DAYS", "10"))
# Public form flood limit: posts per IP address per window (seconds).
# Assets: an asset unverified for this long is flagged stale; gap analysis distance (straight
# line, metres) unless the user chooses another; published counts of people below this are hidden.
PZ_ASSET_STALE_DAYS = int(os.environ.get("PZ_ASSET_STALE_DAYS", "365"))
PZ_GAP_DISTANCE_M = int(os.environ.get("PZ_GAP_DISTANCE_M", "800"))
PZ_SMALL_NUMBER_PEOPLE = int(os.environ.get("PZ_SMALL_NUMBER_PEOPLE", "10"))
# Crime and demand records: published counts of 1 to 4 show as "fewer than 5".
PZ_SMALL_NUMBER_RECORDS = int(os.environ.get("PZ_SMALL_NUMBER_RECORDS", "5"))
# Groups and events: reminders go out this many hours before a booked date (send_reminders, run
# hourly from cron); a group's own calendar is read again after this many hours.
PZ_REMINDER_HOURS = int(os.environ.get("PZ_REMINDER_HOURS", "24"))
PZ_CALENDAR_REFRESH_HOURS = int(os.environ.get("PZ_CALENDAR_REFRESH_HOURS", "6"))
# Lone working: a volunteer not checked out this long after their expected end alerts the Zone's
# coordinators (community_tick, run from cron, checks).
PZ_CHECKOUT_GRACE_MINUTES = int(os.environ.get("PZ_CHECKOUT_GRACE_MINUTES", "30"))
# Languages a survey's own text can be translated into by staff (Welsh, and the languages most
# spoken at home in Leicester after English). The respondent chooses; blank text shows in English.
PZ_SURVEY_LANGUAGES = [
    ("cy", "Cymraeg (Welsh)"),
    ("gu", "ગુજરાતી (Gujarati)"),
    ("pa", "ਪੰਜਾਬੀ (Punjabi)"),
    ("pl", "Polski (Polish)"),
    ("so", "Soomaali (Somali)"),
    ("ur", "اردو (Urdu)"),
    ("ar", "العربية (Arabic)"),
    ("ro", "Română (Romanian)"),
]
# Public pages kept this many seconds for visitors who are not signed in (core.pagecache);
# 0 (here) is off; production_settings keeps them 30 seconds.
PZ_PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PZ_PUBLIC_PAGE_CACHE_SECONDS", "0"))
# Retention periods in days, overriding each rule's default (the rules are listed at
# /privacy/register/ and in docs/privacy.md), e.g. PZ_RETENTION_DAYS="visit_notes=730,group_messages=365".
PZ_RETENTION_DAYS = {
    name.strip(): int(days)
    for name, _eq, days in (
        item.partition("=") for item in env_list("PZ_RETENTION_DAYS", "") if "=" in item
    )
}
PZ_MAX_IMPORT_MB = int(os.environ.get("PZ_MAX_IMPORT_MB", "200"))
PZ_PUBLIC_FORM_RATE = os.environ.get("PZ_PUBLIC_FORM_RATE", "5/60")
# Survey answers per address: more than other forms, since a library or community centre may have
# many neighbours answering on one connection, but a flood is still refused.
PZ_SURVEY_RATE = os.environ.get("PZ_SURVEY_RATE", "12/60,150/3600")
