"""Warming a web process before it takes its first request (peoplezones.wsgi).

What every process would otherwise build on its first visitors' requests, while they wait: every
template compiled (Django keeps them per process), the sentence model's weights and tokenizer
read, and the site's search index built. Under `gunicorn --preload` this runs once, in the
process gunicorn forks its workers from, so they start warm and share the memory. The load
test measured the cost of starting cold: for the first 10 to 15 seconds of a burst, every page's
p95 was 0.5 to 2.5 seconds, the static file's included.

Last, everything the process holds by then, which lives as long as it does, is moved out of the
garbage collector's sight (gc.freeze, as Python's documentation advises before a fork): a full
collection in a worker then walks only what requests made, instead of some 330,000 objects for
about 150 ms in the middle of someone's request, and the forked workers keep sharing those pages.
"""

import gc
import logging
import time
from pathlib import Path

from django.db import DatabaseError, connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines

log = logging.getLogger(__name__)
TEMPLATE_SUFFIXES = (".html", ".txt")


def warm() -> dict[str, float]:
    """Seconds spent on each part (logged). Nothing here is needed for correctness: a part that
    cannot be done (the database not answering yet, say) is left for the first request."""
    spent: dict[str, float] = {}
    start = time.perf_counter()
    compiled = compile_templates()
    spent["templates"] = time.perf_counter() - start
    start = time.perf_counter()
    from peoplezones.search import index, minilm  # after Django is set up: they read settings

    try:
        minilm.tokenizer()
        minilm.weights()
        spent["sentence model"] = time.perf_counter() - start
    except minilm.ModelMissing as error:  # searches will say so; the rest of the site works
        log.warning("Sentence model not read before the first request: %s", error)
    start = time.perf_counter()
    try:
        index.current()
        spent["search index"] = time.perf_counter() - start
    except DatabaseError as error:
        log.warning("Search index not built before the first request: %s", error)
    finally:
        # Forked workers must not share this process's database connections.
        connections.close_all()
    gc.collect()
    gc.freeze()
    log.info(
        "Warmed (%d templates): %s", compiled, ", ".join(f"{k} {v:.2f} s" for k, v in spent.items())
    )
    return spent


def compile_templates() -> int:
    """Every template of the project and its libraries, loaded once into Django's cached loader."""
    count = 0
    for engine in engines.all():
        folders = [Path(d) for d in engine.template_dirs]
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                    continue
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                    count += 1
                except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError) as error:
                    log.debug("Template %s not compiled ahead: %s", path, error)
    return count
