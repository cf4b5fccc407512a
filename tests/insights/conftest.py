from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts without cached figures: SQLite reuses ids after a rollback, so two tests' records can
    share the stamps the cache is keyed by."""
    cache.clear()
    yield
    cache.clear()
