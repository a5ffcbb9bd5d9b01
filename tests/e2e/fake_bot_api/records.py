"""Plain records: a Bot API error answer, a recorded call and a chat."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True)
class Call:
    """One recorded HTTP request to the fake Bot API.

    ``method`` is the canonical Bot API name ("sendMessage"), ``params`` the decoded parameters
    (nested JSON values parsed, ``chat_id`` an int), ``time`` the :func:`time.monotonic` time the
    request arrived, ``status`` the HTTP status answered (499 if the client went away first).
    """

    method: str
    params: dict[str, Any]
    time: float
    status: int
    result: Any = None
    description: str | None = None
    injected: bool = False  # the error came from fail_next() or rate_limit()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def summary(self, width: int = 160) -> str:
        params = json.dumps(self.params, ensure_ascii=False, default=str)
        if len(params) > width:
            params = params[: width - 3] + "..."
        text = f"{self.method} -> {self.status}"
        if self.description:
            text += f" ({self.description})"
        return f"{text} {params}"


@dataclass
class FakeChat:
    id: int
    type: str  # private, group, supergroup, channel
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data
