import pytest


@pytest.fixture(autouse=True)
def _commit_callbacks(commit_callbacks_run_at_once):
    """Imports and uploads are queued on commit (see the root conftest)."""
