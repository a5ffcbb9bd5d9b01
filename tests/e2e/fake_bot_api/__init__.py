"""A fake Telegram Bot API server for end-to-end tests of a python-telegram-bot (PTB) bot.

The server is an in-process :mod:`aiohttp` application that speaks the Bot API HTTP protocol the
way PTB 22 uses it (``POST {base_url}{token}/{method}`` with url-encoded, JSON or multipart bodies
whose nested values are JSON-encoded strings) and answers like Telegram does, including
Telegram's validation of what the bot sends (HTML entities, text length, keyboards, inline
results) and its error descriptions.  Tests push updates (``fake.send_text("hi")``), the bot under
test fetches them by real long polling (or receives them on its webhook), and tests then inspect
every recorded call (``await fake.wait_for("sendMessage")``).

Typical use::

    async with FakeBotApi() as fake:
        app = Application.builder().token(fake.token).base_url(fake.base_url).build()
        ...
        fake.send_text("/start")
        (call,) = await fake.wait_for("sendMessage")
        assert "Welcome" in call.params["text"]
"""

from .constants import (
    CONFLICT_DESCRIPTION,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GROUP_ID,
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
)
from .html import HTMLParseError, parse_html, utf16_len
from .records import ApiError, Call, FakeChat
from .server import FakeBotApi

__all__ = [
    "CONFLICT_DESCRIPTION",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GROUP_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "ApiError",
    "Call",
    "FakeBotApi",
    "FakeChat",
    "HTMLParseError",
    "parse_html",
    "utf16_len",
]
