"""Production settings: the development settings, hardened. Use DJANGO_SETTINGS_MODULE=peoplezones.production_settings.

Serve behind HTTPS. Set DJANGO_SECRET_KEY (or let the first start write var/secret-key, readable
only by its owner), DATABASE_URL (PostgreSQL), DJANGO_ALLOWED_HOSTS and the EMAIL_* variables.
Run `manage.py createcachetable` once after migrating: the login limits keep their counters there.
"""

import os
import secrets

from django.core.exceptions import ImproperlyConfigured

from peoplezones.settings import *  # noqa: F403
from peoplezones.settings import VAR_DIR, env_bool, env_list


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        if key.startswith("dev-only") or len(key) < 50:
            raise ImproperlyConfigured(
                "DJANGO_SECRET_KEY must be a random string of 50+ characters."
            )
        return key
    path = VAR_DIR / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


DEBUG = False
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "peoplezones.core.storage.WholeFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pz_cache",
    },
    "drawn": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "drawn"},
}

PZ_PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PZ_PUBLIC_PAGE_CACHE_SECONDS", "30"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
TASKS = {
    "default": {"BACKEND": os.environ.get("PZ_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
