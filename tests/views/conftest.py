from tests.services.conftest import demo, school  # noqa: F401 - shared fixtures
