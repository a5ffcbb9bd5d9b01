"""The bot's own membership changes, decided from `ChatMemberUpdated.difference()`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Chat, ChatMember, ChatMemberUpdated, User

from assistant.telegram.members import membership

BOT = User(1, "Bot", is_bot=True)
WHEN = datetime(2026, 3, 7, tzinfo=UTC)
RIGHTS = [
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_edit_tag",
    "can_react_to_messages",
]


def member(status: str, **more: Any) -> ChatMember:
    data: dict[str, Any] = {"status": status, "user": BOT.to_dict(), "until_date": 0}
    data.update(dict.fromkeys(RIGHTS, False), **more)
    member = ChatMember.de_json(data, None)
    assert member is not None and member.status == status
    return member


def restricted(is_member: bool) -> ChatMember:
    return member("restricted", is_member=is_member)


def change(old: str | ChatMember, new: str | ChatMember) -> ChatMemberUpdated:
    before = member(old) if isinstance(old, str) else old
    after = member(new) if isinstance(new, str) else new
    return ChatMemberUpdated(Chat(-100, Chat.SUPERGROUP), BOT, WHEN, before, after)


def test_added_removed_blocked_and_restricted() -> None:
    assert membership(change("left", "member")) == (False, True)
    assert membership(change("member", "left")) == (True, False)
    assert membership(change("member", "kicked")) == (True, False)
    assert membership(change("member", restricted(True))) == (True, True)
    # A restricted member who left is gone, though its status is still "restricted".
    assert membership(change(restricted(True), restricted(False))) == (True, False)
    assert membership(change("left", restricted(True))) == (False, True)


def test_new_rights_only_change_nothing() -> None:
    promoted = member("administrator", can_pin_messages=True)
    assert membership(change("administrator", promoted)) is None
    assert membership(change("member", "member")) is None
