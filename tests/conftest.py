import pytest
from django.conf import LazySettings

from tests.personas import Cast, build_cast


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    # The real hasher costs a quarter second per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()
