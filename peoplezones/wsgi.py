"""WSGI entry point: `gunicorn --preload peoplezones.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from peoplezones.warm import warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peoplezones.settings")
application = get_wsgi_application()
# Import every view now (statistics and data libraries take seconds), not on a visitor's first
# request, and build what each process would otherwise build on its first requests (templates,
# the sentence model, the search index: peoplezones.warm); with --preload this happens once,
# before gunicorn forks its workers.
_views = get_resolver().url_patterns
warm()
