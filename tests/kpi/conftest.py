"""The registry's fixtures (a real PostgreSQL cluster, the registry clock) for the 业绩看板 tests."""

from tests.registry.conftest import (  # noqa: F401
    _registry_env,
    clock,
    pg_database,
    postgres_server,
    registry_url,
)
