"""The Telegram layer's own words (welcome, help, hints, button labels), as plain text.

They are never sent as they are: handlers wrap them with `Assistant.notice()` so they become a
`Reply` and go through the one renderer, which escapes them and adds the disclaimer. Command
descriptions live in `commands.COMMANDS`; the reminders' words in `assistant.reminders.wording`.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.reminders.wording import kind_names

BOT_NAME = "Twitch-Relief Assistant"

# Shown as buttons under /start; each must stay under 62 bytes (64-byte callback data, "q:").
EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "Which foods have magnesium?",
    "Why does my eyelid twitch?",
    "Does coffee make twitching worse?",
    "What are signs of low potassium?",
)

# Offered for an empty inline query until the database knows what people ask most.
DEFAULT_TOP_TOPICS: tuple[str, ...] = (
    "twitching",
    "magnesium",
    "potassium",
    "calcium",
    "hydration",
    "sleep",
    "stress",
    "vitamin-d",
)

# The nutrient topics (stable identifiers from the spec), offered by a bare /foods.
NUTRIENT_TOPICS: tuple[str, ...] = ("magnesium", "calcium", "potassium", "vitamin-d", "b-vitamins")

WELCOME_TITLE = f"Welcome to {BOT_NAME}"


def welcome() -> tuple[str, ...]:
    return (
        "I answer everyday questions about muscle twitching: which nutrients matter (magnesium, "
        "calcium, potassium, vitamin D, B vitamins), which foods supply them, and which habits "
        "help (hydration, sleep, stress, caffeine, stretching).",
        "Just type a question in your own words, or tap an example below.",
        "/topics browses everything I know, /foods magnesium lists food sources, /remind sets "
        f"daily {kind_names('and')} reminders, and /help shows all commands.",
    )


HELP_TITLE = "How to ask"


def help_paragraphs(command_lines: Sequence[str]) -> tuple[str, ...]:
    """/help: how to ask, every command (one line each, from `commands.COMMANDS`), groups."""
    return (
        "Type a question in your own words, for example \u201cwhat foods have potassium?\u201d "
        "or \u201cmy eyelid keeps jumping\u201d. Follow-ups like \u201cand the symptoms?\u201d "
        "refer to the topic we were just talking about.",
        "\n".join(("Commands:", *command_lines)),
        "In groups, use /ask, reply to one of my messages, or mention me. To share an answer in "
        "any chat, type my @username followed by a topic, or tap Share under an answer.",
    )


TOPICS_TITLE = "Topics"
TOPICS = ("Pick a topic; the buttons under each answer lead on to related ones.",)

ASK_USAGE = ("Put your question after the command, for example: /ask which foods have magnesium?",)
FOODS_USAGE = ("Which nutrient? Tap one below, or type for example: /foods magnesium",)
EMPTY_QUESTION = (
    "I could not find a question in that message. Type it in words, for example: "
    "which foods have magnesium?",
)
NON_TEXT = (
    "I can only read text. Please type your question, for example: which foods have magnesium?",
)
UNKNOWN_COMMAND = ("I do not know that command. /help lists the ones I understand.",)
EXPIRED_BUTTON = ("That button has expired. Here are the topics again.",)
ADDED_TO_GROUP = (
    "Thanks for adding me! Ask with /ask followed by your question, or reply to one of my "
    "messages. /help lists everything I can do.",
)
ERROR_TITLE = "Something went wrong"
ERROR = ("Sorry, I could not handle that message. Please try again in a moment.",)

HOW_TO_ASK = "How to ask"  # inline mode's button when nothing matches
SHARE_LABEL = "↗️ Share"
ALL_TOPICS_LABEL = "« All topics"
PAGE_BACK_LABEL = "« Back"
PAGE_MORE_LABEL = "More »"


def bot_description() -> str:
    return (
        "Answers everyday questions about muscle twitching: nutrients (magnesium, calcium, "
        "potassium, vitamin D, B vitamins), the foods that supply them, and habits that help "
        f"(hydration, sleep, stress, caffeine, stretching). Daily {kind_names('and')} reminders. "
        "General information only, not medical advice: consult a health professional about your "
        "own situation."
    )


BOT_SHORT_DESCRIPTION = (
    "Everyday answers about muscle twitching, nutrients and habits. Not medical advice."
)
