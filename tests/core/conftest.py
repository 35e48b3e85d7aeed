from collections.abc import Iterator

import pytest

from tests.telegram_fake import FakeTelegram, Running

WEBHOOK_SECRET = "webhook-secret-for-tests"


@pytest.fixture
def fake_telegram(settings, monkeypatch) -> Iterator[FakeTelegram]:
    """The fake Bot API, and the settings (and, for a worker started after this fixture,
    the environment) that point the app at it."""
    running = Running()
    values = {
        "TELEGRAM_BOT_TOKEN": running.fake.token,
        "TELEGRAM_API_URL": running.fake.url,
        "TELEGRAM_BOT_NAME": "nastavnik_test_bot",
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    for name, value in values.items():
        setattr(settings, name, value)
        monkeypatch.setenv(name, value)
    settings.TELEGRAM_TIMEOUT_SECONDS = 5
    try:
        yield running.fake
    finally:
        running.stop()
