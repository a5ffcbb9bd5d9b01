from assistant.answering.normalise import normalise


def test_case_accents_and_punctuation_disappear() -> None:
    assert normalise("What foods have POTASSIUM??") == "what foods have potassium"
    assert normalise("Vitamin-D in café au lait") == "vitamin d in cafe au lait"


def test_mentions_links_and_emoji_are_dropped() -> None:
    assert normalise("@TwitchReliefBot magnesium 😩 https://x.example/y") == "magnesium"


def test_vitamin_numbers_stay_attached_and_bare_numbers_generalise() -> None:
    assert normalise("b-12 or B 6 or b12") == "b12 or b6 or b12"
    assert normalise("for 6 months") == normalise("for 12 months") == "for # months"


def test_plus_is_spelled_and_repeats_are_squeezed() -> None:
    assert normalise("K+") == "k plus"
    assert normalise("magnesiummmm pleeeease") == "magnesiumm pleease"


def test_apostrophes_join_words() -> None:
    assert normalise("I can’t sleep, I'm tired") == "i cant sleep im tired"


def test_whitespace_and_symbols_only_give_empty_text() -> None:
    assert normalise(" \u200b\t<>&*_ ") == ""
