"""The token never appears in a log line, at any level, from any logger or exception."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from assistant.telegram.logs import (
    REDACTED,
    RedactingFilter,
    database_secrets,
    redact,
    secrets_for_token,
    setup_logging,
)

TOKEN = "987654321:AAFakeSecretForLogTests_0123456789xyz"
SECRET = TOKEN.split(":", 1)[1]
URL = f"https://api.telegram.org/bot{TOKEN}/getUpdates"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """Our handler on a string buffer at DEBUG; root logging restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    levels = {n: logging.getLogger(n).level for n in ("httpx", "httpcore")}
    buffer = io.StringIO()
    setup_logging(logging.DEBUG, TOKEN, stream=buffer)
    yield buffer
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    logging.captureWarnings(False)


def test_redact_replaces_token_and_its_secret_half() -> None:
    secrets = secrets_for_token(TOKEN)
    assert redact(f"x {URL} y", secrets) == f"x https://api.telegram.org/bot{REDACTED}/getUpdates y"
    assert redact(f"secret={SECRET}", secrets) == f"secret={REDACTED}"
    assert redact("nothing to hide", secrets) == "nothing to hide"


def test_the_database_password_is_redacted_as_written_and_decoded() -> None:
    url = "postgresql://bot:p%40ss-w0rd-42@db.internal:5432/bot"
    line = f"connect {url} failed for p@ss-w0rd-42"
    assert "w0rd" not in redact(line, database_secrets(url))
    assert database_secrets(None) == set() and database_secrets("postgresql://h/db") == set()


def test_short_fragments_are_not_secrets() -> None:
    assert secrets_for_token("1:abc") == {"1:abc"}


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_httpx_request_line_is_redacted_at_every_level(
    stream: io.StringIO, caplog: pytest.LogCaptureFixture, level: int
) -> None:
    caplog.set_level(logging.DEBUG)
    # The exact shape httpx logs: the URL is an argument, formatted late.
    logging.getLogger("httpx").log(level, 'HTTP Request: %s %s "%s"', "POST", URL, "HTTP/1.1 200")
    logging.getLogger("telegram.ext.Updater").log(level, "token %s in args", TOKEN)
    output = stream.getvalue() + caplog.text
    assert TOKEN not in output and SECRET not in output
    assert REDACTED in stream.getvalue()
    assert REDACTED in caplog.text  # caplog's own handler sees the redacted record too


def test_exception_text_and_stack_are_redacted(
    stream: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    try:
        raise ConnectionError(f"failed to reach {URL}")
    except ConnectionError:
        logging.getLogger("telegram.ext.Application").exception("oops", stack_info=True)
    output = stream.getvalue() + caplog.text
    assert "ConnectionError" in output and "Traceback" in output
    assert TOKEN not in output and SECRET not in output


def test_warnings_are_redacted(stream: io.StringIO) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"bad url {URL}", UserWarning, stacklevel=1)
    assert "bad url" in stream.getvalue() and TOKEN not in stream.getvalue()


def test_broken_format_string_does_not_break_logging(stream: io.StringIO) -> None:
    logging.getLogger("x").warning("%d apples %s", "not a number")
    assert "apples" in stream.getvalue()


def test_filter_never_drops_a_record() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "plain %s", ("text",), None)
    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == "plain text"


def test_httpx_request_lines_hidden_below_debug() -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("httpx").level)
    try:
        setup_logging(logging.INFO, TOKEN, stream=io.StringIO())
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.getLogger("httpx").setLevel(saved[2])
        logging.captureWarnings(False)
