# People Zones: `make demo` to try it, `make test` to check it. Needs only Python 3.11+ and make.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

ONE_THREAD = OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

.PHONY: demo test lint format serve clean bench loadtest faults

# uv itself is pinned and kept apart from the project environment it builds.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

demo: $(VENV)/.synced
	$(PY) manage.py migrate --no-input -v 0
	PZ_DEMO=1 $(PY) manage.py load_demo
	@echo ""
	@echo "People Zones is running at http://127.0.0.1:8000  (Ctrl+C to stop)"
	PZ_DEMO=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The whole suite on SQLite; again on PostgreSQL when PZ_TEST_POSTGRES_URL names a server
# (.ci/run sets it up). Browser journeys need Debian's chromium at /usr/bin/chromium.
test: lint
	@echo "== Static security scan (bandit): every finding fixed or marked '# nosec' with its reason"
	@# bandit warns on stderr for every line of a statement carrying a '# nosec': shown only on failure.
	@$(VENV)/bin/bandit -q -r peoplezones -x '*/tests/*,*/migrations/*' 2> .bandit.log \
		|| { cat .bandit.log; exit 1; }
	@echo "bandit: no issues"
	@echo "== Dependency audit (pip-audit, OSV advisories, every locked package)"
	@if $(PY) -c "import socket; socket.create_connection(('api.osv.dev', 443), 3)" 2>/dev/null; then \
		$(VENV)/bin/pip-audit --strict --progress-spinner off --vulnerability-service osv || exit 1; \
	else \
		echo "pip-audit: NOT RUN, api.osv.dev cannot be reached from this machine (nothing was checked)"; \
	fi
	@# Compiled once here: where PYTHONDONTWRITEBYTECODE is set, each worker and each subprocess
	@# a test starts would otherwise compile the project again (the libraries are compiled by uv).
	@$(PY) -m compileall -q -j 0 peoplezones tests > /dev/null
	@echo "== Test suite on SQLite (in parallel on every core: pytest-xdist, one database each)"
	@# Two workers on two cores: each runs numpy (the sentence model, the statistics) on one thread.
	env -u DATABASE_URL $(ONE_THREAD) $(VENV)/bin/pytest -n auto --dist worksteal
	@if [ -n "$$PZ_TEST_POSTGRES_URL" ]; then \
		echo "== Test suite on PostgreSQL"; \
		DATABASE_URL="$$PZ_TEST_POSTGRES_URL" $(ONE_THREAD) $(VENV)/bin/pytest -n auto --dist worksteal || exit 1; \
	else \
		echo "== PostgreSQL pass skipped: set PZ_TEST_POSTGRES_URL=postgres://user:pass@127.0.0.1/db (.ci/run does)"; \
	fi

# Fault tests that restart PostgreSQL itself, so they run alone, after the suite (.ci/run): as
# root, with Debian's pg_ctlcluster. The other fault tests (a worker killed mid-import, the mail
# server and Notify down, a full disk) are part of `make test`.
faults: $(VENV)/.synced
	@if [ -z "$$PZ_TEST_POSTGRES_URL" ]; then \
		echo "faults: set PZ_TEST_POSTGRES_URL=postgres://user:pass@127.0.0.1/db (.ci/run does)"; exit 1; \
	fi
	PZ_FAULTS=1 DATABASE_URL="$$PZ_TEST_POSTGRES_URL" $(VENV)/bin/pytest -p no:xdist -q -s \
		tests/faults/test_database_restart.py

bench: $(VENV)/.synced
	$(PY) -m bench
	@if [ -n "$$PZ_TEST_POSTGRES_URL" ]; then \
		echo "== Benchmarks on PostgreSQL (a throw-away database on $$PZ_TEST_POSTGRES_URL)"; \
		PZ_BENCH_POSTGRES_URL="$$PZ_TEST_POSTGRES_URL" $(PY) -m bench; \
	else \
		echo "== PostgreSQL benchmarks skipped: set PZ_TEST_POSTGRES_URL"; \
	fi

# 200 users for 120 s against gunicorn and PostgreSQL (PZ_TEST_POSTGRES_URL; SQLite without it),
# every public page, form, map, the API and signed-in pages, beside a static file (the baseline).
loadtest: $(VENV)/.synced
	$(PY) -m loadtest

clean:
	rm -rf $(VENV) $(TOOLS) var
