"""The Bot API methods about the bot itself: getMe, its command lists and descriptions."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from .constants import words
from .records import ApiError
from .state import FakeBotApiState

COMMAND_SCOPE_TYPES = words(
    "default all_private_chats all_group_chats all_chat_administrators chat "
    "chat_administrators chat_member"
)

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_LANG_RE = re.compile(r"^(|[a-z]{2})$")


def scope_key(scope: Any) -> str:
    """The key a BotCommandScope dict (None = default) stores its command lists under."""
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPE_TYPES:
        raise ApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
    if scope["type"] in ("chat", "chat_administrators", "chat_member") and "chat_id" not in scope:
        raise ApiError(400, "Bad Request: chat_id is empty")
    return json.dumps(scope, sort_keys=True)


def language_param(params: dict[str, Any]) -> str:
    """The params' language_code ("" = every language), checked as Telegram does."""
    language = params.get("language_code") or ""
    if not _LANG_RE.match(language):
        raise ApiError(400, "Bad Request: invalid language code specified")
    return language


def store_text(store: dict[str, str], language: str, text: str) -> None:
    """Sets the language's text in ``store``; an empty text removes it, as in Telegram."""
    if text:
        store[language] = text
    else:
        store.pop(language, None)


class ProfileMethods(FakeBotApiState):
    """Handlers of getMe, set/get/deleteMyCommands and set/getMy(Short)Description."""

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(self.bot_user)

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(
                str(command.get("command", ""))
            ):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            description = str(command.get("description", ""))
            if not 1 <= len(description) <= 256 or not description.strip():
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = (scope_key(params.get("scope")), language_param(params))
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = (scope_key(params.get("scope")), language_param(params))
        return copy.deepcopy(self._commands.get(key, []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        key = (scope_key(params.get("scope")), language_param(params))
        self._commands.pop(key, None)
        return True

    def _set_my_description(self, params: dict[str, Any]) -> bool:
        description = str(params.get("description") or "")
        if len(description) > 512:
            raise ApiError(400, "Bad Request: description is too long")
        store_text(self.descriptions, language_param(params), description)
        return True

    def _get_my_description(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"description": self.descriptions.get(language_param(params), "")}

    def _set_my_short_description(self, params: dict[str, Any]) -> bool:
        description = str(params.get("short_description") or "")
        if len(description) > 120:
            raise ApiError(400, "Bad Request: short description is too long")
        store_text(self.short_descriptions, language_param(params), description)
        return True

    def _get_my_short_description(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"short_description": self.short_descriptions.get(language_param(params), "")}
