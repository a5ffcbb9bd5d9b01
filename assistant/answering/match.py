"""What the matcher found in a message: topic, aspect, urgency and the evidence the reply needs
(the words, the foods named or refused), and the topic ids the SPEC's rules name."""

from __future__ import annotations

from dataclasses import dataclass

# Topic ids with a role in the SPEC's rules (a public contract, so safe to name here).
URGENT_TOPIC = "see-a-doctor"
SYMPTOM_TOPIC = "twitching"
GREETING_TOPIC = "greeting"
COMPARISON_TOPIC = "comparison"
CAFFEINE_TOPIC = "stimulants"
HYDRATION_TOPIC = "hydration"
# "total?", "altogether": several amounts added up is what is asked
TOTAL_WORDS = frozenset({"total", "altogether", "combined"})
CAFFEINE_WORDS = frozenset({"caffeine", "caffeinated", "caffiene", "caffine", "cafeine"})
# "is it ok for my 12 yo", "is 2000 iu safe": a verdict asked for
ASKS_IF_OK = frozenset({"ok", "okay", "safe", "fine", "allowed", "alright"})


@dataclass(frozen=True, slots=True)
class Match:
    topic: str | None
    aspect: str | None
    urgency: str | None = None  # "emergency" or "doctor" when red flags are reported
    nutrients: tuple[str, ...] = ()  # every nutrient asked about, best first
    choices: tuple[str, ...] = ()  # close topics to ask about; `topic` is the best guess
    red_flags: tuple[str, ...] = ()  # ids of the red flags found, most urgent first
    suggestions: tuple[str, ...] = ()  # "did you mean" when out of scope
    thanks: bool = False  # the message thanks the bot
    not_covered: str = ""  # the uncovered thing it asks about ("iron")
    foreign: bool = False  # written in another language
    foods: tuple[str, ...] = ()  # food slugs named, best first
    words: tuple[str, ...] = ()  # the corrected words, for composing (life stage, numbers)
    avoided: tuple[str, ...] = ()  # foods the message refuses ("hates milk", "no bananas")
    asked: Match | None = None  # with a doctor's urgency: what the question itself was about

    @property
    def urgent(self) -> bool:
        return self.urgency is not None
