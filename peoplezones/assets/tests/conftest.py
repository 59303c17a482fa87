import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _commit_callbacks(commit_callbacks_run_at_once):
    """Import steps are queued on commit (see the root conftest)."""
