import pytest

from tests.publishers import HOST, Publishers


@pytest.fixture
def publishers(tmp_path, settings):
    """Every publisher on a local server, and the test area's file pointing at it."""
    server = Publishers(tmp_path)
    settings.PZ_FETCH_ALLOW_NETWORKS = [f"{HOST}/32"]
    settings.PZ_SOURCE_CACHE = str(tmp_path / "cache")
    settings.PZ_SOURCE_TIMEOUT = 5.0
    settings.PZ_SOURCE_MAX_WAIT = 5
    settings.PZ_AREA_FILE = str(server.area_file(tmp_path))
    yield server
    server.close()
