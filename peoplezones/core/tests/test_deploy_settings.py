"""Production settings pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_reports_no_issues(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peoplezones.production_settings",
        "PZ_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SECRET_KEY", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # The generated key is private to its owner.
    assert oct((tmp_path / "secret-key").stat().st_mode & 0o777) == "0o600"


def test_production_refuses_the_development_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peoplezones.production_settings",
        "DJANGO_SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production",
        "PZ_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
