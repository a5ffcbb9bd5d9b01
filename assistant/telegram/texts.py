"""The Telegram layer's own words (welcome, help, hints), as plain text.

They are never sent as they are: handlers wrap them with `Assistant.notice()` so they become a
`Reply` and go through the one renderer, which escapes them and adds the disclaimer.
"""

from __future__ import annotations

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
WELCOME = (
    "I answer everyday questions about muscle twitching: which nutrients matter (magnesium, "
    "calcium, potassium, vitamin D, B vitamins), which foods supply them, and which habits help "
    "(hydration, sleep, stress, caffeine, stretching).",
    "Just type a question in your own words, or tap an example below.",
    "/topics browses everything I know, /foods magnesium lists food sources, /remind sets daily "
    "hydration and sleep reminders, and /help shows all commands.",
)

HELP_TITLE = "How to ask"
HELP = (
    "Type a question in your own words, for example \u201cwhat foods have potassium?\u201d or "
    "\u201cmy eyelid keeps jumping\u201d. Follow-ups like \u201cand the symptoms?\u201d refer to "
    "the topic we were just talking about.",
    "Commands:\n"
    "/ask <question> \u2013 ask a question (the way to ask in a group)\n"
    "/topics \u2013 browse all topics\n"
    "/foods <nutrient> \u2013 which foods supply a nutrient\n"
    "/remind \u2013 daily hydration or sleep reminders\n"
    "/reminders \u2013 your reminders\n"
    "/stop \u2013 stop reminders\n"
    "/settings \u2013 time zone and other settings\n"
    "/help \u2013 this message",
    "In groups, use /ask, reply to one of my messages, or mention me. To share an answer in any "
    "chat, type my @username followed by a topic, or tap Share under an answer.",
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

BOT_DESCRIPTION = (
    "Answers everyday questions about muscle twitching: nutrients (magnesium, calcium, "
    "potassium, vitamin D, B vitamins), the foods that supply them, and habits that help "
    "(hydration, sleep, stress, caffeine, stretching). Daily hydration and sleep reminders. "
    "General information only, not medical advice: consult a health professional about your "
    "own situation."
)
BOT_SHORT_DESCRIPTION = (
    "Everyday answers about muscle twitching, nutrients and habits. Not medical advice."
)
