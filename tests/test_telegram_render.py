"""The renderer: escaping, the disclaimer on every part, clean splitting under 4096."""

from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser
from typing import ClassVar

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Assistant
from assistant.answering.reply import Link, Reply, Section, Suggestion
from assistant.telegram.render import (
    BULLET,
    MAX_MESSAGE,
    card_description,
    card_title,
    render,
    render_one,
    tg_len,
)

DISCLAIMER = "General information only, not medical advice. Ask a health professional."


def make(
    *sections: Section,
    title: str = "Magnesium",
    summary: str = "Magnesium helps muscles relax.",
    sources: tuple[Link, ...] = (),
    disclaimer: str = DISCLAIMER,
    urgency: str | None = None,
) -> Reply:
    return Reply(
        topic="magnesium",
        aspect="overview",
        urgency=urgency,
        title=title,
        summary=summary,
        sections=sections,
        disclaimer=disclaimer,
        sources=sources,
        follow_ups=(Suggestion("Foods", "magnesium", "foods"),),
    )


class TelegramHTML(HTMLParser):
    """Checks markup the way Telegram's HTML mode does, for the tags we emit; keeps the text."""

    ALLOWED: ClassVar[frozenset[str]] = frozenset({"b", "i", "a"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in self.ALLOWED, tag
        if tag == "a":
            assert dict(attrs)["href"], attrs
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text += data


def plain(part: str) -> str:
    parser = TelegramHTML()
    parser.feed(part)
    parser.close()
    assert not parser.stack, f"unclosed tags {parser.stack}"
    # Only our own markup may remain: every other '<', '>' or '"' was escaped.
    bare = re.sub(r'</?(b|i)>|<a href="[^"<>]*">|</a>', "", part)
    assert not set('<>"') & set(bare), bare
    return parser.text


def check(parts: list[str], disclaimer: str = DISCLAIMER) -> list[str]:
    assert parts
    texts = []
    for part in parts:
        assert tg_len(part) <= MAX_MESSAGE
        assert part.endswith(f"<i>{html.escape(disclaimer)}</i>")
        text = plain(part)
        assert text.endswith(disclaimer)
        assert text.strip() != disclaimer or len(parts) == 1
        texts.append(text)
    return texts


def test_layout_heading_bullets_sources_disclaimer() -> None:
    reply = make(
        Section("Foods", ("Green leafy vegetables are good sources.",), ("Spinach", "Almonds")),
        sources=(Link("NIH ODS", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"),),
    )
    (part,) = render(reply)
    assert part.startswith("<b>Magnesium</b>\n\n<b>Foods</b>\nGreen leafy")
    assert f"\n{BULLET}Spinach\n{BULLET}Almonds" in part
    assert '<a href="https://ods.od.nih.gov/factsheets/Magnesium-Consumer/">NIH ODS</a>' in part
    assert part.endswith(f"\n\n<i>{DISCLAIMER}</i>")
    check([part])


def test_heading_equal_to_title_is_not_repeated() -> None:
    (part,) = render(make(Section("Magnesium", ("Text.",))))
    assert part.count("Magnesium") == 1


def test_urgent_title_leads_plainly() -> None:
    (part,) = render(
        make(Section(None, ("Call a doctor.",)), title="See a doctor", urgency="doctor")
    )
    assert part.startswith("⚠️ <b>See a doctor</b>")


def test_escaping_of_markup_characters() -> None:
    hostile = "a <b>bold & \"quoted\" 'single' </i> <script>x</script> &amp;"
    reply = make(Section(hostile, (hostile,), (hostile,)), title=hostile, disclaimer="<i>&")
    (part,) = render(reply)
    assert "<script>" not in part and "<b>bold" not in part
    assert "&lt;b&gt;bold &amp; &quot;quoted&quot; &#x27;single&#x27;" in part
    assert "&amp;amp;" in part  # an entity typed by the user stays literal text
    texts = check([part], disclaimer="<i>&")
    assert texts[0].count(hostile) == 3


def test_link_with_query_string_and_bad_scheme() -> None:
    reply = make(
        sources=(
            Link("A & B", 'https://example.org/?a=1&b="2"'),
            Link("evil", "javascript:alert(1)"),
        )
    )
    (part,) = render(reply)
    assert '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">A &amp; B</a>' in part
    assert "javascript" in part and 'href="javascript' not in part
    check([part])


def test_long_reply_splits_at_paragraph_boundaries() -> None:
    paragraphs = tuple(f"Paragraph {i}: " + "lorem ipsum dolor " * 40 for i in range(30))
    parts = render(make(Section("Long", paragraphs)))
    assert len(parts) > 1
    texts = check(parts)
    for text in texts:
        body = text.removesuffix(DISCLAIMER).strip()
        # each part holds whole paragraphs
        for chunk in body.split("\n\n"):
            assert chunk.startswith(("Paragraph", "Magnesium", "Long"))
            assert chunk.endswith(("dolor", "Magnesium", "Long")) or "\n" in chunk
    joined = " ".join(texts)
    assert all(p.strip() in joined for p in paragraphs)


def test_one_huge_paragraph_is_cut_between_words() -> None:
    words = [f"w{i}" for i in range(3000)]
    parts = render(make(Section("Huge", (" ".join(words),))))
    assert len(parts) >= 3
    texts = check(parts)
    seen = " ".join(t.removesuffix(DISCLAIMER) for t in texts).split()
    assert [w for w in seen if w.startswith("w")] == words  # nothing lost, no word broken


def test_unbroken_text_and_entities_are_cut_safely() -> None:
    parts = render(make(Section(None, ("&" * 5000 + "😀" * 3000,))))
    texts = check(parts)
    body = "".join(t.removesuffix(DISCLAIMER).replace("\n", "") for t in texts)
    assert body.count("&") == 5000 and body.count("😀") == 3000


def test_heading_stays_with_its_text() -> None:
    filler = Section(None, ("x " * 1900,))
    parts = render(make(filler, Section("Second heading", ("y " * 100,))))
    assert len(parts) == 2
    assert "<b>Second heading</b>\ny" in parts[1]


def test_render_one_shortens_with_ellipsis_and_keeps_disclaimer() -> None:
    reply = make(Section("Long", tuple("para " * 200 for _ in range(10))))
    one = render_one(reply)
    assert tg_len(one) <= MAX_MESSAGE
    assert "…" in one
    check([one])
    short = make(Section("Short", ("Only this.",)))
    assert render_one(short) == render(short)[0]


def test_card_title_and_description_are_plain_one_liners() -> None:
    reply = make(title="Potassium <foods>", summary="Bananas,\n\npotatoes & <b>beans</b> " * 20)
    assert card_title(reply) == "Potassium <foods>"
    description = card_description(reply)
    assert "\n" not in description and len(description) <= 120
    assert description.startswith("Bananas, potatoes & <b>beans</b>")


def test_real_replies_render(assistant: Assistant) -> None:
    questions = ["what foods have potassium?", "my eyelid keeps twitching", "weather?", "hi"]
    for question in questions:
        reply = assistant.answer(question)
        check(render(reply), reply.disclaimer)
    notice = assistant.notice("Hello <there> & welcome", title="Welcome")
    (part,) = render(notice)
    assert "Hello &lt;there&gt; &amp; welcome" in part
    check([part], notice.disclaimer)


texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3000)


@settings(max_examples=150, deadline=None)
@given(
    title=texts,
    heading=st.none() | texts,
    paragraphs=st.lists(texts, max_size=6),
    bullets=st.lists(texts, max_size=6),
)
def test_any_text_renders_to_valid_parts(
    title: str, heading: str | None, paragraphs: list[str], bullets: list[str]
) -> None:
    reply = make(Section(heading, tuple(paragraphs), tuple(bullets)), title=title)
    parts = render(reply)
    check(parts)
    check([render_one(reply)])
    # Nothing said is lost: every non-space character of the input appears in the output.
    out = "".join("".join(check([p])) for p in parts)
    if heading is not None and heading.strip().casefold() == title.strip().casefold():
        heading = None  # by design a heading repeating the title is dropped
    source = title + (heading or "") + "".join(paragraphs) + "".join(bullets)
    assert (
        sorted(c for c in source if not c.isspace())
        == sorted(
            c for c in out.replace(DISCLAIMER, "").replace(BULLET.strip(), "") if not c.isspace()
        )
        or BULLET.strip() in source
    )


@settings(max_examples=50, deadline=None)
@given(disclaimer=st.text(min_size=1, max_size=500).filter(str.strip))
def test_any_disclaimer_ends_every_part(disclaimer: str) -> None:
    reply = make(Section(None, tuple("word " * 300 for _ in range(8))), disclaimer=disclaimer)
    for part in render(reply):
        assert tg_len(part) <= MAX_MESSAGE
        assert plain(part).endswith(disclaimer.strip())


def test_reply_dataclass_untouched() -> None:
    reply = make(Section(None, ("x",)))
    assert dataclasses.replace(reply) == reply
