"""Webhook mode's HTTP server: Telegram gets its answer only once the update is handled.

PTB's built-in webhook server answers 200 as soon as an update is queued, so an update is lost
when the process dies before handling it (a redeploy, a crash, an OOM kill). This server runs
in PTB's custom-webhook mode (the Application has no Updater) and each request awaits the
handling of its update, through the same `FairUpdateProcessor` as polling, before answering:

- 200: handled, its database writes committed (every handler writes in its own transaction);
- 503: not handled (the process is stopping) or handling met a passing failure (the database
  unreachable, Telegram unreachable): Telegram delivers it again, to this or another process;
- 403 for a wrong secret, decided from the headers before the body is read; 400 for a body
  that is not an update; bodies over `MAX_BODY_BYTES` are refused from their Content-Length
  (or while streaming a chunked one) without being buffered.

Telegram sends one chat's updates one after another, waiting for each answer, so answering
after the commit also keeps a chat's updates in order across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
from typing import Any

from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApp
from tornado.web import HTTPError, RequestHandler, stream_request_body

from assistant.telegram.context import AnyApp
from assistant.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER

log = logging.getLogger(__name__)

DRAIN_SECONDS = 5.0  # at stop, how long updates being handled may take to finish


async def handle_update(application: AnyApp, update: Update) -> bool:
    """Handle `update` now, in its chat's turn; False: Telegram should deliver it again."""
    shared = application.bot_data
    if not application.running:
        return False
    handled = False

    async def handle() -> None:
        nonlocal handled
        await application.process_update(update)
        handled = True

    await application.update_processor.process_update(update, handle())
    # The error handler notes updates that failed for a passing reason (errors.on_error).
    failed = update.update_id in shared.redeliver
    shared.redeliver.discard(update.update_id)
    return handled and not failed


class WebhookServer:
    """`start()` listens on `listen:port` at `/path`; `close()` stops taking updates, lets
    those being handled finish (up to DRAIN_SECONDS) and closes the connections."""

    def __init__(self, application: AnyApp, path: str, secret: str, listen: str, port: int) -> None:
        self.application = application
        self.secret = secret.encode()
        self.inflight = 0
        self._route = re.escape(f"/{path.lstrip('/')}")
        self._listen, self._port = listen, port
        self._server: HTTPServer | None = None

    def start(self) -> None:
        app = TornadoApp(
            [(self._route, UpdateHandler, {"server": self})], log_function=_log_request
        )
        self._server = HTTPServer(app, max_body_size=MAX_BODY_BYTES, xheaders=True)
        self._server.listen(self._port, address=self._listen)

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.stop()
        for _ in range(int(DRAIN_SECONDS * 20)):
            if not self.inflight:
                break
            await asyncio.sleep(0.05)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.close_all_connections(), DRAIN_SECONDS)


@stream_request_body  # so `prepare` (the secret check) runs before any of the body is read
class UpdateHandler(RequestHandler):
    def initialize(self, server: WebhookServer) -> None:
        self._server = server
        self._body = bytearray()

    def prepare(self) -> None:
        if self.request.method != "POST":
            raise HTTPError(405)
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._server.secret):
            raise HTTPError(403)

    def data_received(self, chunk: bytes) -> None:
        self._body += chunk  # at most MAX_BODY_BYTES: the server refuses more

    async def post(self) -> None:
        bot_app = self._server.application
        try:
            data = json.loads(self._body)
            update = Update.de_json(data, bot_app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            raise HTTPError(400)
        self._server.inflight += 1
        try:
            handled = await handle_update(bot_app, update)
        finally:
            self._server.inflight -= 1
        self.set_status(200 if handled else 503)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, HTTPError):  # a refused request: a status, not a traceback
            return
        super().log_exception(typ, value, tb)


def _log_request(handler: RequestHandler) -> None:
    # Without the path: the webhook path is often meant to stay unguessable.
    request = handler.request
    log.debug(
        "webhook %s answered %d in %.0f ms",
        request.method,
        handler.get_status(),
        1000 * request.request_time(),
    )
