import pytest

from tests.publishers import serving


@pytest.fixture
def publishers(tmp_path, settings):
    """Every publisher on a local server, and the test area's file pointing at it."""
    with serving(tmp_path, settings) as server:
        yield server
