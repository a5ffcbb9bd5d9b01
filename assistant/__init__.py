"""Twitch-Relief Assistant: answers questions about muscle twitching from a curated knowledge base.

Packages, each with one concern (imports only point down this list):
- `kb`: the knowledge base, loaded and checked from `knowledge/*.yaml`;
- `answering`: text in, `Reply` out (matching, red flags, composing); pure, no I/O;
- `storage`: the database of chat settings and statistics;
- `reminders`: daily reminders (schedule, store, sending), no Telegram;
- `telegram`: the thin Telegram layer (handlers, rendering, sending);
- `tools`: evaluation and curator tools; `cli`: the command line.
"""

from assistant.answering.assistant import Assistant
from assistant.answering.reply import Link, Reply, Section, Suggestion

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)
__all__ = ["Assistant", "Link", "Reply", "Section", "Suggestion", "__version__"]
