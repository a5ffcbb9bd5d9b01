"""The figure or verdict asked for, on the first screen: failures of the fifteenth to
twentieth blind holdouts (tests/data/README.md), each fixed after its judging."""

from __future__ import annotations

import pytest

from assistant import Assistant

_SUMS_AND_COUNTS = [
    ("my total vit D: Caltrate 600+D3 with 800IU + a Nature Made D3 2000IU, how much is that"
     " in mcg", "2,800 IU of vitamin D is 70 mcg"),
    ("had a red bull (small can) and a monster today, how much caffeine is that all together",
     "about 233 mg in all"),
    ("is 4 red bulls a day too much? the 12oz cans. i'm 22 and healthy",
     "more than the 400 mg of caffeine"),
    ("nurse on night shifts, i drink 3 red bulls (the small 250ml cans) every shift. how much"
     " caffeine is that?", "about 224 mg of caffeine"),
    ("45F, I chew 2 Tums extra strength a day for heartburn (says 300 mg calcium each), 1"
     " caltrate 600 and drink 2 glasses of milk. whats my calcium total?", "1,786 mg a day"),
    ("i take caltrate 600+D3 twice a day and also chew 2 tums extra strength (300mg calcium"
     " each) for pregnancy heartburn. how much calcium is that in total? im 33", "1,800 mg"),
    ("i take nature made magnesium 250mg x2 plus my multi has 100mg magnesium. total? is it"
     " too much?", "600 mg a day is above the upper limit"),
    ("bottle says 400 IU vit D, what % daily value is that", "50% of the 800 IU"),
    # foods added from USDA SR28 after the seventeenth holdout asked for them
    ("how much calcium in 1 cup of plain kefir", "1 cup of kefir (244 g) has about 317 mg"),
    ("potassium in a burger patty?", "1 patty (77 g) has about 245 mg of potassium"),
    ("potassium in a hass avocado", "1 avocado (136 g) has about 690 mg"),
    ("magnesium in 2 shredded wheat biscuits", "about 61 mg of magnesium"),
]  # fmt: skip

_VERDICTS = [
    ("is it safe to chew 2 regular tums every day for calcium", "Yes, for a healthy adult: 400"),
    ("is 1.5 litres of water enough for me, 80kg guy", "For most days, yes"),
    ("does a handful of almonds have as much calcium as a glass of milk", "No: milk has more"),
    ("can u overdose on potassium from eating to many bananas", "For healthy people, no"),
    ("can i take magnesium and calcium at the same time or do they cancel out?",
     "Yes, you can take them at the same time"),
    ("does vitamin D have to be taken with food or can i take it on empty stomach",
     "With a meal is better"),
    ("how much potassium does my 10 year old daughter need, is 1 banana a day enough?",
     "No, not on its own"),
    ("pregnant 20 weeks, can i still have my starbucks grande every morning?",
     "a Grande or a Tall brewed coffee is over that limit"),
]  # fmt: skip

_CONSTRAINTS = [
    ("my daughter 15 went vegetarian (still eats eggs and dairy), is she getting enough b12?",
     "Dairy and eggs supply vitamin B12"),
    ("12 year old boy, how much calcium does he need and how many glasses of milk is that?",
     "about 4.4 times that"),
    ("lactose intolerant, what can i eat for calcium without dairy?", "Without any dairy"),
    ("how many bananas would i need to eat for my potassium for the day? im a guy, 28",
     "About 8 a day"),
    ("can i drink a celsius while breastfeeding?", "300 mg a day considered fine while"),
]  # fmt: skip


_EIGHTEENTH = [
    ("what i ate today: 1 packet instant oats, a banana, handful almonds (1oz), 1 cup brown rice"
     " at dinner. total magnesium? im a guy 35", "About 236 mg of magnesium in all"),
    ("potassium check pls: cup of oj, 1 banana, baked potato w skin at dinner. how much did i"
     " get? female 29", "About 1,791 mg of potassium in all"),
    ("calcium today = 2 cups 2% milk + 1 slice cheddar (1oz) + 8oz plain lowfat yogurt. how"
     " much did i get in total", "2 cups of milk (488 g): 586 mg"),
    ("how many glasses of milk would i need to hit 1000mg calcium a day", "About 3.4 of these"),
    ("how many eggs would i need to eat for my daily vitamin d lol", "About 15 a day"),
    ("how much potassium does my black coffee have, 1 mug (8oz)", "about 116 mg of potassium"),
    ("monster in the morning and 2 coffees in the afternoon, am i over the caffeine limit?",
     "about 348 mg in all, within the 400 mg"),
    ("how many grams of protein in a scoop of optimum nutrition gold standard whey?",
     "I don't cover protein"),
    ("is skim milk lower in calcium than whole since they take the fat out?",
     "No: skim milk has as much calcium"),
    ("severe peanut + tree nut allergy, what snacks give magnesium without nuts?",
     "fit a nut-free diet"),
    ("allergic to almonds and cashews so which foods for magnesium?", "fit a nut-free diet"),
    ("my kid (9) eats one banana every day, how much potassium is that + how much does he need"
     " altogether", "Boys 9–13 need 2,500 mg of potassium a day (AI). 1 medium banana"),
    ("are the 500mg potassium pills from amazon ok to take every day for cramps",
     "Not without a doctor's advice"),
    ("is there a max for potassium from food? i eat tons of fruit + veg", "No: no upper limit"),
    ("eyelid twitching 4 days now... could it be a brain tumour?", "Very unlikely"),
    ("do i have to stop breastfeeding if i take magnesium tablets?", "No, you do not need to"),
    ("is it ok to give my 7 month old plain water when its super hot or only breastmilk",
     "Babies 6 to 12 months"),
    ("if i drink more water will my muscle twitches stop?", "Only if you are short of fluids"),
    ("im on dialysis, dietitian says limit potassium. which fruits are LOW in potassium?",
     "Blueberries"),
    ("vegan here, where do i actually get b12 from and how much per day",
     "Adults need 2.4 mcg of B12 a day"),
]  # fmt: skip

_NINETEENTH = [
    ("label on my d3 says 125 mcg (5000 IU) what % daily value is that?", "625% of the 800 IU"),
    ("vitamin d upper limit for a 6 month old baby in IU?", "babies 0–6 months is 1,000 IU"),
    ("doc put me on 50,000 IU vit d once a week, how much is that per day in mcg",
     "averages 7,143 IU (179 mcg) a day"),
    ("is 5000 IU vit d daily ok for me? 35f, no doctor told me to, just read it online",
     "Not without your doctor's advice"),
    ("is it ok to take 2 caltrate 600 at once", "About 500 mg or less at a time"),
    ("is calcium citrate better than carbonate", "Either works"),
    ("nhs says 10 mcg vitamin d, is that enough? american sites say 15", "Yes, for most people"),
    ("does potassium help eyelid twitching?", "Only if your blood potassium is low"),
    ("allergic to tree nuts AND peanuts. magnesium foods other than almonds and cashews?",
     "other than peanuts, almonds and cashews"),
    ("my son is 15 and drinks red bull before football, he's like 60 kg. how many mg caffeine"
     " max per day for him", "At 60 kg that is about 150 mg a day"),
    ("had like 6 beers at a cousins wedding, next day my whole body twitchy. can alcohol do that?",
     "Yes, it can: alcohol is a common trigger"),
    ("i drink 2 monster a day, can that make my eye twitch?", "Yes: caffeine is one of the"),
    ("im a 25 yo woman, how many bananas would i need to eat to hit my potassium for the day",
     "About 6 a day"),
    ("frijoles negros every day at my moms house, how much magnesium in 1 cup cooked?",
     "about 120 mg of magnesium"),
    ("is ragi (finger millet) good calcium source like milk? my amma makes ragi mudde",
     "Yes, ragi (finger millet) is one of the richest grains for calcium"),
    ("my daughter is 10, school starts 7:30 and she wakes at 6:45. what time should bedtime be?",
     "before getting up at 6:45 am"),
    ("is it true u need 8 glasses of water a day or is that fake", "as a guide rather than a rule"),
    ("does gatorade or pocari sweat actually help muscle twitching after gym?",
     "Usually not needed"),
    # the twentieth
    ("ok so this morning i had 2 bananas and a big glass (1 cup) of orange juice, how much"
     " potassium is that total", "About 1,288 mg of potassium in all"),
    ("today i ate 2 bananas, a baked potato with skin and a cup of tropicana OJ. how much"
     " potassium is that total? (im f, 30)", "About 2,214 mg of potassium in all"),
    ("is it bad to take vitamin d at night? heard it messes w sleep", "It is not known to be bad"),
    ("how much melatonin mg should i take to sleep better? twitching keeps me up",
     "I don't cover melatonin"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "expected"),
    [*_SUMS_AND_COUNTS, *_VERDICTS, *_CONSTRAINTS, *_EIGHTEENTH, *_NINETEENTH],
)
def test_the_first_screen_carries_what_was_asked(
    assistant: Assistant, question: str, expected: str
) -> None:
    assert expected in assistant.answer(question).text[:450]


@pytest.mark.parametrize(
    "question",
    [
        "had a seizure of laughter watching my nan try tiktok lol. does magnesium help cramps",
        "dad keeps dropping hints he wants a gym membership lol. stretches for night cramps?",
        "been vegan for 4 years and kinda twitchy lately. do i really need a b12 supplement?",
        "had a panic attack last month, fine now but my arm twitches whenever im stressed",
    ],
)
def test_figures_of_speech_and_old_dates_raise_no_alarm(
    assistant: Assistant, question: str
) -> None:
    assert assistant.answer(question).urgency is None
