"""Twitch-Relief Assistant: answers questions about muscle twitching from a curated knowledge base.

The core (this package's top-level modules) imports nothing from Telegram.
"""

from assistant.core import Assistant
from assistant.reply import Link, Reply, Section, Suggestion

__all__ = ["Assistant", "Link", "Reply", "Section", "Suggestion"]
