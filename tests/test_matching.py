"""The SPEC's matching rules, one behaviour per test."""

from __future__ import annotations

import pytest

from assistant import Assistant


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        ("what foods have potassium?", "potassium", "foods"),
        ("magnisium?", "magnesium", "overview"),
        ("potasium deficiency symptoms", "potassium", "deficiency"),
        ("what does vit d do", "vitamin-d", "role"),
        ("where do I get b12", "b-vitamins", "foods"),
        ("folic acid", "b-vitamins", "overview"),
        ("is the sunshine vitamin important", "vitamin-d", "role"),
        ("hypokalemia", "potassium", "deficiency"),
    ],
)
def test_nutrient_questions_with_typos_and_synonyms(
    assistant: Assistant, question: str, topic: str, aspect: str
) -> None:
    reply = assistant.answer(question)
    assert (reply.topic, reply.aspect, reply.urgent) == (topic, aspect, False)


def test_a_bare_symptom_is_twitching(assistant: Assistant) -> None:
    assert assistant.answer("my eyelid keeps jumping").topic == "twitching"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("my eye twitches after 3 energy drinks", "stimulants"),
        ("pulled an all nighter and now my leg is twitching", "sleep"),
        ("exam stress is making my lip twitch", "stress"),
        ("are electrolyte drinks good for twitching", "hydration"),
    ],
)
def test_a_symptom_with_a_cause_takes_the_cause(
    assistant: Assistant, question: str, topic: str
) -> None:
    assert assistant.answer(question).topic == topic


def test_one_named_food_is_a_reverse_lookup(assistant: Assistant) -> None:
    reply = assistant.answer("is spinach good for twitching?")
    assert reply.topic == "food:spinach"
    assert "Magnesium" in reply.text and "Potassium" in reply.text


def test_plural_and_misspelled_food_names(assistant: Assistant) -> None:
    assert assistant.answer("what's in sweet potatoes").topic == "food:sweet-potato"
    assert assistant.answer("avacado benefits?").topic == "food:avocado"


def test_asking_for_a_nutrients_foods_stays_with_the_nutrient(assistant: Assistant) -> None:
    reply = assistant.answer("besides bananas, what foods have potassium?")
    assert (reply.topic, reply.aspect) == ("potassium", "foods")


def test_two_nutrients_are_answered_together(assistant: Assistant) -> None:
    reply = assistant.answer("foods with magnesium and potassium")
    assert (reply.topic, reply.aspect) == ("magnesium", "foods")
    headings = [s.heading or "" for s in reply.sections]
    assert any("magnesium" in h.lower() for h in headings)
    assert any("potassium" in h.lower() for h in headings)


@pytest.mark.parametrize(
    "question",
    [
        "my arms and legs are twitching and getting weaker",
        "I've had twitching in my calf for 6 months now",
        "the twitching is spreading all over my body",
        "low magnesium? my muscles twitch and i'm losing strength in my hand",
        "started twitching after a fall last week",
    ],
)
def test_doctor_level_signs_send_to_a_doctor(assistant: Assistant, question: str) -> None:
    reply = assistant.answer(question)
    assert (reply.topic, reply.urgency) == ("see-a-doctor", "doctor")
    assert reply.text.index("doctor") < len(reply.text) - len(reply.disclaimer)


@pytest.mark.parametrize(
    "question",
    [
        "i have trouble swallowing and my tongue twitches",
        "my dads face looks lopsided and he is slurring",
        "34 wks pregnant, my head is pounding and im seeing spots",
        # meningitis, told as a story (NHS)
        "my roommate is twitching and has 39.8 fever, very stiff neck she cant put chin down, "
        "light hurts her eyes. is it just flu, should we wait till morning abeg",
    ],
)
def test_emergency_signs_open_with_the_emergency_number(
    assistant: Assistant, question: str
) -> None:
    reply = assistant.answer(question)
    assert (reply.topic, reply.urgency) == ("see-a-doctor", "emergency")
    assert reply.text.splitlines()[1].startswith("Call your local emergency number now")


def test_an_overdose_opens_with_poison_control(assistant: Assistant) -> None:
    reply = assistant.answer("my 3 year old ate the whole bottle of vitamin d gummies")
    assert reply.urgency == "emergency"
    assert "poison control" in reply.text.splitlines()[1].lower()


@pytest.mark.parametrize(
    "question",
    [
        "can low potassium cause weakness?",
        "i twitch a lot but have no weakness at all",
        "is it normal my whole body jerks right when im falling asleep",  # a hypnic jerk
        "68 and stiff as a board. how many days a week should I do stretching?",  # not flexible
        "i had 3 coffees and now my thumb is jumping on its own, am i having a stroke??",
        # the duration is the medicine's, not the twitch's
        "been on omeprazole for 2 yrs for reflux and now twitchy. can ppi lower magnesium?",
        # everyday words that sound like this session's new red flags
        "my son walks with a slight limp since his football match",
        "my lips are swelling a bit from the cold, chapped, vitamin b help?",
        "i cant stand the taste of milk, what else has calcium today",
        "my fitbit stopped working today, how many steps",
        "i took my 2 magnesium tablets in one go last night instead of morning and night, ok?",
        "potassium came back 4.1 flagged normal",
        "im 16 and use zyn 3mg bc its the weak one, thats fine right?",
        "I passed out laughing at my friends meme, anyway whats the best magnesium food",
        "my toddler threw a fit in the supermarket. kid-friendly foods with magnesium?",
        "his smile is wonky in selfies, always has been. magnesium?",
        "on the machine at the gym my heart was racing and my legs felt heavy",
        # a checklist answered "no"
        "trouble breathing? no. chest pain? no. just a twitchy eyelid for 2 days",
    ],
)
def test_general_or_denied_red_flags_are_not_urgent(assistant: Assistant, question: str) -> None:
    assert not assistant.answer(question).urgent


def test_follow_up_uses_the_previous_topic(assistant: Assistant) -> None:
    reply = assistant.answer("and the symptoms?", last_topic="magnesium")
    assert (reply.topic, reply.aspect) == ("magnesium", "deficiency")
    reply = assistant.answer("what foods then?", last_topic="calcium")
    assert (reply.topic, reply.aspect) == ("calcium", "foods")


def test_a_new_topic_beats_the_previous_one(assistant: Assistant) -> None:
    assert assistant.answer("what about calcium?", last_topic="magnesium").topic == "calcium"


def test_greetings_get_a_friendly_hint(assistant: Assistant) -> None:
    for text in ("hi", "thanks!", "what can you do?"):
        reply = assistant.answer(text)
        assert reply.topic == "greeting"
        assert "magnesium" in reply.text.lower()  # an example of what to ask


def test_thanks_get_you_are_welcome_not_hello(assistant: Assistant) -> None:
    assert "welcome" in assistant.answer("thx!!").text.lower()
    assert "welcome" not in assistant.answer("hello").text.lower()


def test_out_of_scope_says_so_and_suggests(assistant: Assistant) -> None:
    reply = assistant.answer("what's the weather in paris tomorrow")
    assert reply.topic is None and reply.aspect is None
    assert "magnesium" in reply.text.lower()


def test_comparison_of_two_nutrients(assistant: Assistant) -> None:
    assert assistant.answer("magnesium vs calcium, what's the difference").topic == "comparison"


def test_everyday_words_are_not_corrected_into_foods(assistant: Assistant) -> None:
    # "barely" is one letter swap from "barley" (a whole grain): it must stay "barely".
    reply = assistant.answer("i barely see the sun, could i be low on vitamin d?")
    assert (reply.topic, reply.aspect) == ("vitamin-d", "deficiency")


def test_german_and_french_messages_get_the_english_only_notice(assistant: Assistant) -> None:
    for text in (
        "Ist es sicher, jeden Tag 2000 IE Vitamin D zu nehmen?",
        "combien de magnésium par jour pour une femme enceinte?",
    ):
        assert assistant.answer(text).topic is None, text
        assert "English only" in assistant.answer(text).text


def test_domain_words_outside_the_human_body_are_out_of_scope(assistant: Assistant) -> None:
    for text in ("can i use magnesium to fix my car battery", "my dog twitches in his sleep"):
        assert assistant.answer(text).topic is None


def test_many_body_parts_twitching_is_spreading(assistant: Assistant) -> None:
    reply = assistant.answer("twitches started in my leg, now my arms, back and face too")
    assert reply.urgent


def test_all_over_one_eyelid_is_one_place(assistant: Assistant) -> None:
    assert assistant.answer("twitching everywhere in my eyelid for 3 days").urgency is None
    spreading = assistant.answer("twitching all over my eyelid and now in my thigh and arm too")
    assert spreading.urgency == "doctor"


@pytest.mark.parametrize(
    ("message", "urgency"),
    [
        # a story that opens like a question is still a story
        (
            "did a water challenge, drank like 5 litres in 2 hours, now vomiting and confused",
            "emergency",
        ),
        ("im so confused about the dose, the label says 400mg", None),
        ("my mum is suddenly confused and doesnt know where she is", "emergency"),
        ("my 2 month old jerks her arms and legs while sleeping, stops as soon as she wakes", None),
        ("baby jerking in sleep, it doesnt stop when i wake her, is it a seizure", "emergency"),
        ("swallowing is getting harder for 2 months, food sticks, my tongue twitches", "doctor"),
        ("desk job, neck and shoulder twitch, what stretches can i do", None),
        ("mi párpado tiembla desde hace una semana, es grave?", None),
        # the seventh and eighth blind sets
        ("my 2 year old got into the vitamin d gummies. bottle had 60 now 20 left", "emergency"),
        ("on doxycycline and i take magnesium for twitching, do they clash", None),
        ("new mom, baby is 5 weeks, 4hrs of broken sleep, eyelid jumping 3 days", None),
        ("my mum is 70 and pretty stiff, starting stretching, how long to hold", None),
        ("bicep twitching 2 days after chest/arm day, no weakness", None),
        ("calcium carbonate 1250 mg on the bottle how much is real calcium, confused", None),
        ("my 3 week old jerks his arms and legs asleep, stops as soon as i pick him up", None),
        ("4 beers every night, mornings my hands shake until i have a drink", "doctor"),
        # the second frozen holdout's misses and false alarms
        (
            "he was twitching then his whole body started shaking and he wasnt responding",
            "emergency",
        ),
        ("twitching for months, dont see the point anymore, thinking about ending it", "emergency"),
        ("my newborn jerks and twitches in her sleep, is this a seizure??", None),
        ("is this a seizure? his eyes rolled back and he went stiff", "emergency"),
        ("exam stress, eyelid and thigh twitching for 4 days, uni student", None),
        ("started zyn pouches a month ago and my eyelid wont stop twitching", None),
        # the ninth and tenth blind sets
        ("found grandmas klor-con bottle empty, had about 25 pills yesterday", "emergency"),
        ("general question for my first aid class: is slurred speech a stroke sign?", None),
        ("after how many weeks of twitching should i see a dr", None),
        ("had chest tightness after coffee, gone now and the ECG was normal", "doctor"),
        ("my chest hurts, ecg was normal last year", "emergency"),
        ("in general, is slurred speech a stroke sign? my grandad had one last yr", None),
        ("can someone help? my face is drooping", "emergency"),
        ("folate vs folic acid confusion. my prenatal says 800 mcg DFE", None),
        # this session's first blind set
        ("just as i fall asleep my whole body jerks like i'm falling. is it a seizure?", None),
        ("my husband had a seizure last night as he was falling asleep", "emergency"),
        ("newborn 3 weeks, her arms twitch when she sleeps, stops when she wakes", None),
        (
            "he hurt his back in rugby 3 weeks ago, since then his leg twitches and is numb",
            "doctor",
        ),
        ("3 nights of basically no sleep and my eyelid + bicep keep twitching", None),
        ("10,000 IU vit d daily for 18 months, lately always thirsty and peeing a lot", "doctor"),
        ("i take vitamin d and im always thirsty in the summer heat, how much water?", None),
        # the sixth holdout's misses and false alarm (judged on the frozen code, fixed after)
        (
            "my 3 yr old climbed the counter, bottle of vitamin d gummies was open, i think 20-30"
            " are gone. shes playing like normal",
            "emergency",
        ),
        (
            "had my thyroid taken out 2 days ago. my fingers are curled and stuck, i cant open my"
            " hand and my lips are tingling all around",
            "emergency",
        ),
        ("my kid is a super picky eater, only eats pasta and nuggets. how much magnesium", None),
        ("the bottle was open on the table, is that bad for vitamin d potency?", None),
        # this session's blind triage set (its 200 messages are also a labelled set) and dev sets
        ("my husband grabbed his chest, says its like an elephant sitting on it", "emergency"),
        ("grandpa went down in the bathroom and isnt waking up properly", "emergency"),
        ("my heart is going like crazy and the room is spinning, gonna pass out", "emergency"),
        (
            "my mum is 78, really muddled, doesnt know what year it is since this morning",
            "emergency",
        ),
        ("baby 9 months chewed open the blister pack of my iron tablets, 4 missing", "emergency"),
        ("my wife she shake on the floor, the eyes open but she not see me", "emergency"),
        ("my plans totally collapsed this week and i barely slept, eyelid twitching", None),
        ("my friend collapsed laughing at my joke lol. foods with vitamin d?", None),
        ("we watched a movie where a character has a fit after skipping meals", None),
        ("when im drifting off my body jerks and i wake up like i fell off a cliff", None),
        (
            "lost 6 kg without trying and now my thigh muscles flicker all day. is my diet low in"
            " magnesium?",
            "doctor",
        ),
        ("7 yo cant swallow pills, max dose of liquid magnesium for kids?", None),
        ("my father takes phenytoin for seizures and bought vitamin b6 100mg, ok??", None),
        ("my grandma 80 drinks only tea, no milk, bones weak. how she get calcium?", None),
        (
            "had my thyroid removed 2 days ago, now my fingers are cramping stuck bent and my lips"
            " are tingling weird. can i just take some tums",
            "emergency",
        ),
        ("my mum had thyroid surgery yesterday, her hands are cramping", "emergency"),
        ("thyroidectomy 10 years ago, how much calcium should i take", None),
        # the second blind triage set (frozen, scored once: 58/70 emergencies; fixed after)
        (
            "mum on video call, half her mouth isnt moving when she smiles, she keeps saying spoon"
            " when she means phone",
            "emergency",
        ),
        (
            "my wife is talking but none of the words make sense, started out of nowhere",
            "emergency",
        ),
        ("my dads words suddenly came out all mushy like a mouthful of marbles", "emergency"),
        ("dad 80 has gone really vague today, walking leaning to one side", "emergency"),
        (
            "my 2 year old had a few of big brothers chewable vitamins, like 8. they have iron in"
            " them. she seems fine",
            "emergency",
        ),
        ("my husband is breathing fast and shallow and his lips look bluish", "emergency"),
        ("my 10 month old went stiff then jerking all over, hes hot with a fever", "emergency"),
        ("im 30wks and have the worst headache and seeing flashing lights", "emergency"),
        (
            "aunt on the phone, she swallow all her calcium and vit d pills from the week box",
            "emergency",
        ),
        ("dr put me on a water pill a fortnight ago and now i get twitches in my legs", "doctor"),
        (
            "grandad keeps missing the chair when he sits and has fallen twice, he twitches too",
            "doctor",
        ),
        ("my phone screen collapsed into a spiderweb, does stress cause twitching", None),
        ("my brain is seizing up from studying lol. what foods have b12", None),
        ("she's talking gibberish again, my 1 year old i mean, she babbles all day", None),
        (
            "on a medical drama a kid swallowed his mums iron pills. how much iron is dangerous",
            None,
        ),
        (
            "had a panic attack before my exam, breathing really fast, fingers tingled, all went"
            " away once i calmed down",
            None,
        ),
        ("woke up at 3am with a calf cramp, muscle went rock hard for a minute. fine now", None),
        (
            "My mother takes alendronate once a week. She gets calf twitches at night and wants to"
            " start magnesium",
            None,
        ),
        # a red-flag word in another form than the one listed ("droop" -> "droops")
        ("my dad cant move his left arm and his face droops", "emergency"),
        ("my dad cant move his left arm", "emergency"),
        ("got bitten by a snake on the trail, leg swelling fast", "emergency"),
        ("kid swallowed some pesticide from the shed", "emergency"),
        ("sudden loss of vision in one eye", "emergency"),
        ("my eyelid is having a mini seizure lol 2 days now, nothing else going on", None),
    ],
)
def test_warning_signs_in_ordinary_words(
    assistant: Assistant, message: str, urgency: str | None
) -> None:
    assert assistant.answer(message).urgency == urgency


def test_a_doctor_referral_keeps_the_answer_on_the_first_screen(assistant: Assistant) -> None:
    reply = assistant.answer("my calf and my eye twitch since monday, how much magnesium do i need")
    assert reply.urgency == "doctor"
    assert "need 310–420 mg" in reply.text[:450]


def test_two_nutrients_with_a_role_question_stay_with_the_first(assistant: Assistant) -> None:
    reply = assistant.answer("why is vitamin d needed to absorb calcium")
    assert (reply.topic, reply.aspect) == ("vitamin-d", "role")


@pytest.mark.parametrize(
    "message",
    [
        "my mom is 80 and cant swallow big calcium pills, what can she do instead",
        "magnesium foods for toddler 18 months, im scared of choking on nuts",
    ],
)
def test_pills_too_big_and_choking_worries_are_not_emergencies(
    assistant: Assistant, message: str
) -> None:
    assert assistant.answer(message).urgency is None


@pytest.mark.parametrize(
    "message",
    [
        "my son is choking on a grape",
        "not able to swallow my tablets since morning, throat muscles not working at all",
    ],
)
def test_swallowing_emergencies_still_fire(assistant: Assistant, message: str) -> None:
    assert assistant.answer(message).urgency == "emergency"


@pytest.mark.parametrize(
    "question",
    [
        "taking magnesium for 3 weeks and still twitching every day",
        "my calf has been twitching for 3 weeks, i take omeprazole",
    ],
)
def test_a_twitch_lasting_weeks_beside_a_medicine_still_sees_a_doctor(
    assistant: Assistant, question: str
) -> None:
    assert assistant.answer(question).urgency == "doctor"


def test_a_doctor_reply_also_answers_the_question(assistant: Assistant) -> None:
    reply = assistant.answer(
        "been on omeprazole for 2 yrs, my calf twitches on and off for 3 weeks. "
        "can omeprazole make my magnesium low?"
    )
    assert reply.urgency == "doctor"
    assert reply.sections[0].heading == "Please see a doctor soon"  # the referral first
    assert "Proton pump inhibitors" in reply.sections[1].paragraphs[0]


def test_an_emergency_reply_answers_nothing_else(assistant: Assistant) -> None:
    reply = assistant.answer("my face is drooping on one side, how much magnesium should i take")
    assert reply.urgency == "emergency"
    assert len(reply.sections) == 1


def test_a_muscle_thinner_than_the_other_side_is_a_doctor_visit(assistant: Assistant) -> None:
    reply = assistant.answer(
        "My father is 69 years. Since some months his right thigh is twitching and I noticed "
        "the muscle looks more thin than the left one. Kindly advise which vitamin to give him"
    )
    assert reply.urgency == "doctor"


@pytest.mark.parametrize(
    "question",
    [
        "our wifi went down and then dad collapsed in the kitchen",
        "my son had a fit and is shaking all over, i was laughing at a video when it started",
        "toddler was having a tantrum then went stiff and started jerking all over, now sleepy",
        "toddler is limp and not really responding to me, he had a tummy bug",
        "my throat feels like its closing up after eating prawns, lips swelling like balloons",
        "son 6 throwing up since yesterday, no pee since morning and very drowsy",
        "dad is on dialysis, missed his session yesterday, now his heart is doing weird things",
        "my vision on one side just went dark like a curtain came down",
        "is he breathing? no",  # a "no" that is the emergency
        "old man 81 my left leg wont hold me since i got out of bed half hour ago and the arm same "
        "side is numb like its not mine",
        "on dialysis, missed friday. now legs feel like jelly, heart doing a funny skipping thing",
        # a figurative phrase elsewhere in the message does not cancel a sign in another clause
        "using blackout curtains for night shifts. my colleague just grabbed his chest, "
        "sweating buckets",
        "my son was playing fifa and suddenly his whole body started shaking and he went blue "
        "round the lips",
        "postpartum day 5, worst headache of my life and everything is blurry",
        "4 month old is breathing super fast and grunting, shes not feeding",
        "my mum is in bed and says she cant lift her left arm at all, it just flops",
        "gran says she can only see the right half of the page, the left side is just gone",
        "grandpa fell in the garden and cant get up and his words are coming out wrong",
        "twin toddlers opened the gummy vitamins, jar was nearly full, now theres 5 left",
        "took 50,000 IU vitamin d every day instead of once a week, now vomiting and confused",
        "boyfriend fell down in the kitchen and isnt getting up, hes breathing but not answering",
        "my friend at the rave went stiff, hit the ground and is shaking",
        "sitter gave my son (4) his fever medicine every hour by mistake, 8 doses of paracetamol",
        "31 weeks, my vision has gone blurry with sparkles and this headache wont shift",
        "been sick all day, both hands have cramped into fists and wont open, lips tingly",
        "my mums smartwatch sent a fall detected alert, she didnt press im ok, not picking up",
        "flatmate left a weird note and the paracetamol boxes in the bin are all empty",
        "ma wee boy swallied a handful o his granny's heart pills, maybe 6 or 7",
        "one side of her body just stopped working",
        "rugby, he took a knock to the head, now hes vomiting and keeps asking what the score is",
    ],
)
def test_figurative_words_do_not_hide_an_emergency(assistant: Assistant, question: str) -> None:
    assert assistant.answer(question).urgency == "emergency"


def test_all_the_time_is_not_all_the_pills(assistant: Assistant) -> None:
    # numbness after months of high-dose B6 is a doctor visit, not a poisoning
    reply = assistant.answer(
        "took 200mg b6 for 6 months, now my feet are numb and tingly all the time"
    )
    assert reply.urgency == "doctor"


@pytest.mark.parametrize(
    "question",
    [
        "in fifa my striker collapsed with cramp lol, can real players fix cramps with magnesium",
        "reading a novel where the hero has a seizure from low calcium, is that real?",
        "had a panic attack, breathing really fast, fingers tingled for 10 min, it went away",
        "my mate was really confused last night after tequila, slept it off and is fine today",
        "i took double doses of magnesium by mistake today",
        "took my vitamin d, only 5 left in the bottle",
        "he hit the ground hard during football and is fine",
        "is it a stroke if my eye twitches? no face droop, arms fine, just the twitch",
        "i give my baby 2 drops of vitamin d, 20 drops in the bottle left",
        "a girl fainted in assembly, she skipped breakfast and she was fine after juice",
        "i have migraines with aura, blurry vision and bad headache now",
        "my son fell off the couch, small egg on his forehead, acting normal. just a bump right?",
        "back in 2019 i had a seizure from low sodium, all fine since. what are electrolytes",
        "me mam had a funny turn years ago, a mini stroke, shes been grand since",
        "had a laughing fit at the comedy show, couldnt breathe lol. does dehydration cause it",
        "two years ago I had a seizure, sober and seizure-free since. magnesium for eyelids?",
    ],
)
def test_a_sign_said_in_another_sense_is_not_urgent(assistant: Assistant, question: str) -> None:
    assert assistant.answer(question).urgency is None


def test_a_past_word_inside_a_longer_sign_does_not_date_it(assistant: Assistant) -> None:
    # "went away" is part of "went away and came back": twitching that keeps coming back
    reply = assistant.answer("the eyelid twitch went away and came back like 5 times this year")
    assert reply.urgency == "doctor"
