"""Replies that are not a topic's answer: urgent (red flags), not covered, another language,
out of scope."""

from __future__ import annotations

from assistant.answering.finish import finish, links, suggestions
from assistant.answering.match import Match
from assistant.answering.nutrient_answers import NOT_WITHOUT_DOCTOR, TAKE_YES
from assistant.answering.reply import Reply, Section
from assistant.kb.model import KnowledgeBase

# A supplement is no answer to warning signs: the doctor sees them first.
WAIT_FOR_DOCTOR = "Not before the doctor has checked these signs: ask at that visit."
STOP_FOR_DOCTOR = "Stop taking it until the doctor has seen you, and take the bottle along."
# "can i just take potassium for it", "can i sort it with magnesium": treating the signs oneself
_SELF_TREATMENT = (" can i just take ", " should i take ", " should i just take ", " can i take ",
                   " sort it with ", " fix it with ", " treat it with ", " should i give ",
                   " can i give ", " should i start ", " can i just use ")  # fmt: skip


def urgent(kb: KnowledgeBase, match: Match, answer: Reply | None = None) -> Reply:
    """Emergency: the call to make comes first, then why. Doctor: why, then what to note, then
    the `answer` to the question the message asked, if any."""
    safety = kb.safety
    urgency = match.urgency or "doctor"
    advice = safety.advice(urgency)
    flags = [f for f in safety.red_flags if f.id in match.red_flags]
    labels = list(dict.fromkeys(f.label for f in flags))
    described = f"You described {_and(labels)}." if labels else ""
    # two reasons at most; one for a doctor visit, so the answer to the question shows early
    why = " ".join(list(dict.fromkeys(f.why for f in flags))[: 1 if urgency == "doctor" else 2])
    paragraphs: tuple[str, ...] = (f"{described} {why}".strip(), advice.text)
    if urgency == "emergency":
        call = safety.calls.get(flags[0].call if flags else "emergency", "")
        paragraphs = (call, *paragraphs)
    section = Section(advice.title, tuple(p for p in paragraphs if p), advice.points)
    sections, sources = [section], links(kb, (f.sources for f in flags))
    if answer is not None and answer.sections:
        # The answer straight after the referral, and what to note for the doctor after it,
        # so the answer stands in the first screen too.
        first = answer.sections[0]
        opening = first.paragraphs[:1]
        if opening and opening[0].startswith(TAKE_YES):  # "weak hands, should he take more?"
            opening = (WAIT_FOR_DOCTOR + opening[0].removeprefix(TAKE_YES),)
        elif opening and opening[0].startswith(NOT_WITHOUT_DOCTOR):  # "50,000 IU, feel sick"
            opening = (STOP_FOR_DOCTOR + opening[0].removeprefix(NOT_WITHOUT_DOCTOR),)
        elif opening and urgency == "doctor" and _treats_itself(match):
            # "twitching all over since the new pill, can i just take potassium for it"
            rest = opening[0].replace("Yes: ", "It can: ", 1)
            opening = (f"{WAIT_FOR_DOCTOR} {rest}",)
        asked = Section(f"Your question: {answer.title}", opening, first.bullets)
        if urgency == "doctor":  # why first, the answer, then "this is not an emergency..."
            sections = [Section(advice.title, section.paragraphs[:1]), asked]
            sections.append(
                Section("Before the appointment", section.paragraphs[1:], advice.points)
            )
        else:
            sections = [Section(advice.title, section.paragraphs), asked]
            sections.append(Section("Before the appointment", (), advice.points))
        sources += [s for s in answer.sources if s not in sources]
    return finish(
        kb,
        "see-a-doctor",
        "overview",
        advice.title,
        paragraphs[:1],
        sections,
        sources,
        urgency=urgency,
    )


def _treats_itself(match: Match) -> bool:
    text = f" {' '.join(match.asked.words if match.asked else match.words)} "
    return any(phrase in text for phrase in _SELF_TREATMENT)


def not_covered(kb: KnowledgeBase, name: str) -> Reply:
    """ "I don't cover iron", with the closest topics it does cover as buttons."""
    thing = next((t for t in kb.language.not_covered if t.name == name), None)
    closest = suggestions(kb, thing.closest if thing else ())
    offer = ", ".join(c.label for c in closest)
    paragraphs = (
        f"I don't cover {name}: I only know the nutrients and habits that matter for muscle "
        "twitching, so please ask a doctor or pharmacist about it.",
        f"Closest topics I can help with: {offer}." if offer else kb.safety.out_of_scope,
    )
    section = Section(f"I don't cover {name}", paragraphs)
    return finish(
        kb, None, None, section.heading or "", paragraphs[:1], (section,), choices=closest
    )


def foreign(kb: KnowledgeBase) -> Reply:
    paragraphs = (
        "Sorry, I understand English only. Please ask your question in English, for example: "
        '"which foods have magnesium?" or "how much vitamin D do I need?"',
    )
    section = Section("English only", paragraphs)
    return finish(kb, None, None, "English only", paragraphs, (section,))


def out_of_scope(kb: KnowledgeBase, topic_ids: tuple[str, ...] = ()) -> Reply:
    section = Section("I can't answer that one", (kb.safety.out_of_scope,))
    choices = suggestions(kb, topic_ids)
    if choices:
        names = ", ".join(choice.label for choice in choices)
        section = Section(section.heading, (*section.paragraphs, f"Did you mean: {names}?"))
    return finish(
        kb, None, None, "Out of scope", section.paragraphs[:1], (section,), choices=choices
    )


def _and(items: list[str]) -> str:
    """ "a, b and c"."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
