"""The first sentence answers the question asked: the figure, the verdict, the constraint."""

from __future__ import annotations

import pytest

from assistant import Assistant


def _opening(assistant: Assistant, question: str) -> str:
    """The first sentence after the title line, as a phone shows it first."""
    lines = [line for line in assistant.answer(question).text.splitlines() if line.strip()]
    return lines[1] if len(lines) > 1 else lines[0]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the issue's own examples
        ("how much potassium in a banana", "about 422 mg of potassium"),
        ("is 5000 IU of vitamin D safe", "upper limit of 4,000 IU (100 mcg)"),
        # needs by person
        ("how much magnesium do i need", "310–420 mg of magnesium a day (RDA): men 400–420"),
        ("calcium needs for woman 55 after menopause", "Women 51–70 need 1,200 mg"),
        ("How much Potassium per day need a man of 45?", "Men 31–50 need 3,400 mg"),
        ("16 yo boy, i get cramps, how much magnesium do i need daily", "Boys 14–18 need 410"),
        # the amount asked, not the default serving
        ("lentils potassium 1 cup cooked", "1 cup of lentils (198 g) has about 731 mg"),
        ("dried apricots potassium half cup", "1/2 cup of apricots (65 g) has about 755 mg"),
        ("how much potassium in 2 bananas", "2 bananas (236 g) have about 845 mg"),
        ("100g tofu calcium", "100 g of tofu has about 683 mg"),
        # yes/no about a food
        ("does salmon have b12", "Yes: 3 oz of salmon (85 g) has about 3.8 mcg of vitamin B12"),
        ("does orange juice have vitamin d in it", "No: 1 cup of orange juice"),
        # the B vitamin asked, not all three
        ("how much folate in lentils", "has about 179 mcg DFE of folate"),
        # caffeine: brands, amounts, doses, teens
        ("how much caffeine is in a can of coke", "about 33 mg of caffeine"),
        ("is 3 cups of coffee a day too much", "3 cups of coffee (711 g) have about 284 mg"),
        ("my pre workout says 300mg caffeine per scoop is that a lot", "300 mg of caffeine is 75%"),
        ("how much caffeine can a 15 year old have", "2.5 mg per kg of body weight"),
        ("celsius has how much caffeine??", "Celsius has 200 mg of caffeine"),
        # the medicine named decides
        ("can i take potassium pills if im on lisinopril", "Not without your doctor's advice"),
        ("on cipro antibiotic, can i still take my magnesium", "Take the antibiotic at least"),
        ("does nexium affect b12 absorption", "Proton pump inhibitors"),
        # a dose is not an age; a baby's age is not the breastfeeding mother's
        ("is 100mg b6 daily safe?", "100 mg a day is at the upper limit of 100 mg for adults;"),
        (
            "breastfeeding my 2 month old, is 6400 iu vitamin d ok",
            "4,000 IU (100 mcg) for breastfeeding",
        ),
        # who asks changes the verdict
        ("my 8 year old, can i give him magnesium gummies", "Only on your child's doctor's advice"),
        (
            "pregnant, is it safe to take a magnesium supplement?",
            "ask your midwife or doctor first",
        ),
        (
            "tree nut allergy, can i use almond milk for calcium",
            "Fortified almond milk does not fit a nut-free",
        ),
        # a food question with a catch gets the catch first
        ("is spinach good for calcium or is that a myth", "Mostly a myth: spinach contains"),
        ("mushrooms vitamin d is that real", "Yes, if they were exposed to UV light"),
        ("2 Monsters a day, im 15, too much caffeine?", "Yes, too much for a child or teenager"),
        ("i take 10,000 iu vitamin d for a year now", "10,000 IU a day is above the upper limit"),
        # ages as people write them; units and weekly doses compared properly
        ("breastfeeding mama here,32. how much magnesium a day", "you need 320 mg of magnesium"),
        ("max magnesium a child of 12 years can take in supplement form", "children 9–13 is 350"),
        ("17 and pregnant how much calcium do i need", "1,300 mg of calcium"),
        ("calcium for lola 72 years old how many mg a day", "Women 71 and over need 1,200 mg"),
        ("how much calcium does a 7yo need she only eats cheese", "Children 4–8 need 1,000 mg"),
        ("is 5mg folic acid too much", "5 mg a day is above the upper limit of 1,000 mcg"),
        ("Uprise D3 60K weekly sachet, safe long term?", "about 8,570 IU (214 mcg) a day"),
        ("my doctor gave me 50,000 iu vitamin d once a week", "take it as prescribed"),
        ("im on dialysis with a fluid limit, how many glasses of water", "Keep to the fluid limit"),
        # tablets a day, percentages that are not amounts, forms and local names of foods
        ("slow mag says 71.5 mg per tab, i take 2 tabs twice a day", "286 mg a day is within"),
        ("dark choc 70-85% 1oz how much magnesium", "1 oz of dark chocolate (28 g) has about 65"),
        ("1 cup rajma potassium", "about 717 mg of potassium"),
        ("chickpeas 1 cup (canned) how much B6", "canned chickpeas (240 g) has about 1.1 mg"),
        ("cooked kale 1 cup calcium", "cooked kale (130 g) has about 94 mg"),
        ("How many calcium in 1 tablespoon tahini?", "tahini (15 g) has about 64 mg"),
        ("3 medjool dates potassium", "3 dates (72 g) have about 501 mg"),
        # whole pieces by their USDA weight (09037: 1 avocado 201 g; 11012: 4 spears 60 g)
        ("avocado toast with half an avocado, how much potassium", "1/2 avocado (101 g)"),
        ("a whole avocado potassium", "1 avocado (201 g) has about 975 mg"),
        ("4 asparagus spears how much folate?", "4 spears of asparagus (60 g) have about 89"),
        # the label's Daily Value
        ("what is the daily value for magnesium on food labels", "magnesium 420 mg (FDA)"),
    ],
)
def test_the_opening_carries_the_answer(assistant: Assistant, question: str, expected: str) -> None:
    assert expected in _opening(assistant, question)


def test_vegan_b12_names_fortified_foods_and_no_plant(assistant: Assistant) -> None:
    text = assistant.answer("vegan sources of b12").text
    opening = text.split("\n\n")[0]
    assert "fortified" in opening and "supplement" in opening
    for plant in ("Spinach", "Banana", "Broccoli", "Lentils"):
        assert f"• {plant}" not in text


def test_a_figure_question_is_not_displaced_by_a_written_answer(assistant: Assistant) -> None:
    """ "cramps" has its own written answer; the figure asked for still comes first."""
    opening = _opening(assistant, "my mom is 74, how much magnesium does she need? leg cramps")
    assert opening.startswith("Women 71 and over need 320 mg")


@pytest.mark.parametrize(
    ("question", "diet", "left_out"),
    [
        ("allergic to soy AND dairy, how do i get calcium", "soy-free and dairy-free", "Yogurts"),
        ("my kid (6) is dairy free, how does he get vitamin d", "dairy-free", "Milk"),
        ("allergic to fish, vitamin d options?", "fish-free", "Salmon"),
        ("my son has a nut allergy, what else has magnesium for him", "nut-free", "Almonds"),
        ("halal only, no pork. which foods give b12?", "halal", "Pork"),
        ("We keep kosher, calcium foods for a meat meal?", "kosher and dairy-free", "Yogurts"),
        ("my 5 yo eats zero veggies, potassium foods?", "vegetable-free", "Beet greens"),
        ("hindu, dont eat beef or pork. b12 sources?", "", "Beef liver"),
        ("we follow jain diet, no eggs. potassium sources?", "jain", "Potatoes"),
        (
            "vegan + allergic to all nuts (and peanuts). magnesium foods?",
            "vegan and nut-free",
            "Brazil nuts",
        ),
        ("my 2yo, what magnesium foods are safe for a toddler", "", "Brazil nuts"),
        ("i have gout, avoid organ meat and shellfish. b12 foods?", "low-purine", "Clams"),
        ("milk protein allergy, not lactose. where do i get calcium?", "dairy-free", "Yogurts"),
        ("strict keto, potassium foods?", "low-carb", "Cassava"),
        # situations: only the foods that fit them
        ("broke college student, cheapest foods with potassium?", "", "Plantains"),
        ("dorm room, no kitchen, what can i eat for magnesium", "", "Quinoa"),
        ("i wear dentures and cant chew. soft foods with magnesium?", "", "Almonds"),
        # "low" something else is a diet, not the foods lowest in the nutrient
        ("IBS, doing low FODMAP. which magnesium foods won't set me off?", "", "Herbal tea"),
        ("strict keto, potassium foods that are low carb?", "low-carb", "Herbal tea"),
        ("low oxalate diet. magnesium without spinach and almonds?", "low-oxalate", "Cashews"),
        ("severe nut AND seed allergy. what can i eat for magnesium", "nut-free", "Brazil nuts"),
    ],
)
def test_food_lists_respect_the_constraint(
    assistant: Assistant, question: str, diet: str, left_out: str
) -> None:
    text = assistant.answer(question).text
    assert not diet or f"fit a {diet} diet" in _opening(assistant, question)
    assert f"• {left_out}" not in text


def test_diets_are_not_misread(assistant: Assistant) -> None:
    """ "no non-halal meat" is not vegetarian; "pure veg" is a diet, not the vegetables."""
    halal = _opening(assistant, "halal only, no pork and no non-halal meat. b12 foods?")
    assert "halal" in halal and "vegetarian" not in halal
    assert _opening(assistant, "we are pure veg, which foods give b12").startswith("Foods with")
    twice = _opening(assistant, "high potassium foods WITHOUT banana i hate bananas")
    assert "other than bananas (" in twice


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("my teen cant fall asleep, always on his phone. tips without pills?", "same times"),
        ("give me a 2 min breathing exercise i can do at my desk", "counting from 1 to 5"),
        ("7 months pregnant, what position should I sleep", "go to sleep on your side"),
        ("night shift nurse, how do i sleep during the day", "blackout curtains"),
        ("6 shots a day, how do i cut down without withdrawal headaches", "gradually"),
        ("how long should i hold a calf stretch", "10 to 30 seconds"),
        ("my 3yo has diarrhea, pedialyte or water?", "oral rehydration solution"),
        ("i wear niqab outside, how do i get enough vitamin D", "10 micrograms (400 IU)"),
        ("baby 8 months, cows milk protein allergy, calcium?", "hypoallergenic formula"),
        ("had a calcium oxalate kidney stone, should i avoid calcium", "Do not cut calcium"),
        # brands USDA does not list, from their labels; wherever the matcher sent them
        ("how much caffeine in a celsius", "200 mg of caffeine"),
        ("is prime ok for my 14 yo", "not for under-18s"),
        ("grande pike place caffeine?", "Grande 16 fl oz 310 mg"),
        ("how much potassium in pedialyte", "780 mg potassium"),
        ("i eat tums like candy, like 10 a day, is that ok?", "Ten Regular tablets is 2,000 mg"),
        # written answers for what people ask, whichever aspect the words suggested
        ("doc said magnesium normal, so magnesium cant be my problem?", "Not entirely"),
        ("is magnesium an electrolyte or not", "Yes: magnesium is one of"),
        ("UK here, should i be taking vit d in winter?", "October to March"),
        ("exclusively breastfed 2 week old, do they need vitamin d drops?", "400 IU (10 mcg)"),
        ("D3 is from sheep wool right? vegan options", "lanolin"),
        ("pregnant, which foods give folate, and do i still need the pill", "12 weeks"),
        ("is drinking too much water dangerous? i do 5 litres a day", "hyponatraemia"),
        ("on keto, any electrolyte drink with no sugar?", "Gatorade Zero"),
        ("my 5yo has a tummy bug and vomited twice, gatorade or what?", "oral rehydration"),
        ("how much exercise a week helps with stress", "150 minutes a week"),
        ("stretches i can do sitting at my desk for my calf", "Sitting down"),
        ("pregnant 7 months, which stretch is safe for leg cramps", "pull your toes hard up"),
        ("3pm slump, something that's not caffeine. no coffee no energy drinks", "a brisk walk"),
        ("pregnant and scared of mercury, which fish for vitamin d", "low in mercury"),
        ("my 12 yo wants monster once a day, is it ok", "No. Children"),
        # a medicine a caveat is about is answered, not refused as "a medicine"
        ("been on omeprazole 2 years, does it mess with minerals?", "can lower blood magnesium"),
        ("which do i need more per day, calcium or magnesium?", "need 1,000 mg of calcium"),
        ("ckd 4, which fruits can i eat that are low potassium", "With kidney disease"),
        # the row of a written answer for the person asking
        ("15 yo boy how much water daily", "Boys 14 to 18: about 3.3 litres"),
        ("breastfeeding makes me so thirsty how much fluid do i need", "about 3.8 litres"),
        ("how much does a newborn sleep a day", "14 to 17 hours"),
        ("my 16yo, what time should she go to bed to get enough sleep", "8 to 10 hours"),
        ("breastfeeding caffeine limit?", "300 mg of caffeine"),
        ("my kid is 10, whats the caffeine limit", "85 mg at 10 to 12"),
        ("can I give my exclusively breastfed 3 month old some water?", "do not need any water"),
        ("50 mcg vitamin d = how many IU?", "50 mcg of vitamin D is 2,000 IU"),
        ("whats a normal magnesium level in a blood test", "1.7 to 2.2 mg/dL"),
        ("can kids take magnesium gummies? whats the max for a 6 year old", "110 mg a day"),
        ("12 weeks pregnant, 3 big coffees a day, how do i get down to a safe amount", "200 mg"),
        ("what counts as moderate drinking for a woman", "1 a day for women"),
        ("should I stretch before running when cold?", "Warm up rather than stretch cold"),
        ("how long does caffeine stay in your system, is coffee at 4pm bad", "6 hours before bed"),
        ("which teas have the least caffeine or none", "no caffeine"),
        ("my 2 yo refuses plain water, how else can she get fluids", "water and milk"),
        (
            "formula fed 6 mo drinks about 800ml formula a day. still give vitamin D drops?",
            "over 500 ml a day, no",
        ),
        ("I'm on lisinopril. can I use LoSalt instead of normal salt?", "doctor"),
        ("on lithium, how much water should I drink, hot summer coming", "lithium level"),
        ("after gastric bypass which calcium should i buy, carbonate or citrate?", "citrate"),
        ("crohns, they removed part of my ileum. do i need b12?", "is poorly absorbed"),
        ("can low magnesium actually cause muscle twitching and cramps?", "Yes: a real magnesium"),
        ("dark yellow pee = dehydrated?", "pale yellow"),
        ("is folic acid the same thing as folate?", "man-made form"),
        ("heart failure, 1.5L fluid limit. should i drink more water?", "Keep to the fluid limit"),
        ("how many units a week is safe uk", "14 units"),
        ("sardines in a can with bones, how much calcium per tin?", "1 can of sardines (92 g)"),
        ("im 34, female, not pregnant. how much magnesium a day", "Women 31–50 need 320 mg"),
        ("300mg preworkout and 2 monsters a day, too much caffeine?", "that is 617 mg"),
        ("natto how much magnesium", "1/4 cup of natto (44 g) has about 50 mg"),
        ("malunggay calcium per cup", "moringa leaves"),
        ("5 dried figs calcium", "5 figs (42 g) have about 68 mg"),
        ("is there magnesium in my quaker oats? i use half a cup dry", "1/2 cup of rolled oats"),
        ("CALF CRAMP RIGHT NOW what do i do", "pull your toes up"),
        ("can i get my folic acid from cereal instead, i hate pills", "400 mcg folic acid tablet"),
        ("which fish high in vitamin D are safe in pregnancy? is mackerel ok?", "low in mercury"),
        ("CKD stage 4, they said watch my potassium. which fruits are lower?", "Blueberries"),
        ("CKD 3, watch my potassium. how much in a glass of milk", "1 cup of milk (244 g)"),
        ("doc said magnesium normal, so it cant be my problem right?", "Not entirely"),
        # the holdout's failures, fixed after it was judged
        ("nutrition label says potassium 10% DV, how many mg is that??", "about 470 mg"),
        ("son is 7, 2 gummies = 150mg magnesium. ok every day?", "above the upper limit of 110"),
        (
            "doc put me on 50,000 IU vitamin D once a week, my level was 9. way over 4000?",
            "as prescribed",
        ),
        (
            "started zyn pouches (6mg) at work and now my calf twitches. could that be it",
            "It could",
        ),
        # brands and products named: their own figure, whatever topic the words suggest
        ("is 2 bangs a day too much", "300 mg of caffeine"),
        ("how much caffeine in a 5 hour energy", "about 200 mg of caffeine"),
        ("caffeine in C4 preworkout", "150 mg per scoop"),
        ("is pure caffeine powder safe", "3,200 mg"),
        ("how much caffeine in cold brew", "205 mg"),
        ("is 5000 iu safe", "above the upper limit of 4,000 IU"),
        # specific questions with their own sourced answer
        ("how many minutes of sun do i need for vitamin d", "5 to 30 minutes"),
        ("do i need an EMG for my twitching?", "Only if a doctor finds a reason"),
        ("is coconut water better than water for cramps", "plain water hydrates as well"),
        ("stretches before bed for night cramps?", "lean in until you feel the calf stretch"),
        ("my dad uses a walker, what stretches can he do", "Sitting down"),
        ("i wake up at 6am what time should i go to bed", "be asleep by 9:00 pm to 11:00 pm"),
        (
            "my 15 yo has to get up at 6:30 for school, what time should he sleep",
            "be asleep by 8:30 pm to 10:30 pm",
        ),
        # a word in the story does not displace the need asked ("in bed", a drink)
        (
            "twitches in my calf at night when im in bed. im 34, female. how much magnesium a day",
            "Women 31–50 need 320 mg",
        ),
        ("how much magnesium do i need, i drink a celsius every day", "need 310–420 mg"),
        ("i drink 2 litres of water a day is that enough", "2.7"),
        # foods compared for one nutrient: the richest first, in the amount asked
        (
            "Which has more magnesium: 1 oz dark chocolate or 1 oz almonds??",
            "Almonds have more magnesium",
        ),
        ("dried apricots vs prunes, which has more potassium per half cup?", "1/2 cup of prunes"),
        ("which has more vitamin d, salmon or eggs? for my levels", "Salmon has more vitamin D"),
        ("do almonds or cashews have more magnesium?", "against 74 mg in 1 oz of cashew"),
        ("my whole body twitches after my workouts, ripples in my quads", "Usually harmless"),
        # a blood result and a medicine's dose are not a nutrient dose
        ("calcium on my bloods was 10.8 mg/dL, whats normal?", "calcium of 10.8 mg/dL (about"),
        (
            "I take levothyroxine every morning (75mcg) when can i take my calcium tablet",
            "at least 4 hours",
        ),
        ("i take 40 mg of omeprazole and 400mg magnesium, too much?", "400 mg a day is above"),
        # the sixth blind set's gaps, each with its sourced answer
        ("does epsom salt bath actually raise ur magnesium??", "Probably not"),
        ("my fitness app says 4700 mg potassium is the goal. still right??", "3,400 mg"),
        ("why are potassium supplements only 99mg?? seems pointless", "small bowel"),
        ("can u get too much potassium from food? 4 bananas a day, kidneys fine", "No upper limit"),
        ("whats the upper limit for magnesium? i take 2 nature made 250mg a day", "500 mg a day"),
        ("on furosemide, should my mum take magnesium", "Ask your doctor first"),
        ("my daughter 15 went vegan, how will she get 1300mg calcium", "Girls 14–18 need 1,300"),
        ("can the water pill hydrochlorothiazide lower potassium?", "increase the loss"),
        ("im on prednisone for 2 months, will it mess with my vit d?", "Corticosteroids"),
        ("does alcohol drain your magnesium? 4 beers a night", "Heavy drinking can lower"),
        ("b complex with 100mg b6 and emergen-c too, ok to take both?", "Not without your doctor"),
        ("quit coffee cold turkey 3 days ago, pounding headache", "caffeine withdrawal"),
        ("nutritional yeast b12 how much per tbsp?", "Only if it is fortified"),
        ("my mum is 80. does she need b12 shots or are tablets ok?", "high-dose tablets"),
        ("how much of a 500mcg b12 tablet actually gets absorbed", "about 10 mcg"),
        ("vegan and breastfeeding my 4 month old. b12 risk for baby?", "2.8 mcg"),
        ("is a normal electrolyte panel enough to rule out low magnesium?", "not magnesium"),
        ("calcium or magnesium for night cramps, which first", "Neither is proven"),
        ("my leg jumped once on the couch, could it be MS?", "Very unlikely"),
        ("after heavy squats my thigh was rippling like worms under the skin", "Usually harmless"),
        ("nespresso pod caffeine how much?", "63 mg of caffeine"),
        ("monster energy 16oz caffeine?", "158 mg of caffeine"),
        ("night shift nurse, sleep at 9am, when should i stop drinking coffee", "by 3:00 am"),
        ("i go to bed at 11, when is my last coffee", "by 5:00 pm"),
        ("sardines calcium per serving? the canned ones with bones", "3 oz"),
        ("avocado potassium whole one?", "1 avocado (201 g)"),
        ("is 1 cup of yogurt enough calcium for the whole day?", "No, not alone"),
        ("my mother she have 72 years, how much vitamin d she need?", "Women 71 and over"),
        ("always wear abaya and niqab outside. is the sun enough for my vitamin d?", "supplement"),
        ("breastfeeding, how much vit d for me AND for the baby?", "breastfed babies"),
        ("vitamin d for 2 year old how much, and max?", "Children 1–3 need 600 IU"),
        ("kidney disease stage 4, low potassium diet. can i eat 1 banana?", "422 mg"),
        ("can low magnesium make ur eye twitch?", "a real magnesium shortage"),
        ("how many units is a bottle of wine?", "about 10"),
        ("whats the caffeine in a mug of tea compared to a mug of coffee", "Coffee has more"),
        ("what is a fasciculation lol doctor wrote it on my notes", "medical word"),
        ("how do i know if im drinking enough?", "pale yellow"),
        ("sodium on my blood test was 133, what is normal?", "135 to 145"),
        ("how much salt should i have a day?", "6 g of salt"),
        ("how much sodium in gatorade", "270 mg sodium"),
        ("i sleep 5 hours a night is that enough", "No: 5 hours is less than the 7 to 9"),
        ("im 55 do i need b12 supplements", "Over 50, usually yes"),
        # an age is not a count of drinks, nor a count an age
        ("my 13 yo drinks monster, is that ok", "1 can (16 fl oz) of monster"),
        ("is 2 monsters a day too much", "That is within the 400 mg"),
        ("i drink 3 red bulls a day is that bad", "224 mg of caffeine"),
        ("pinto beans potassium per cup", "746 mg"),
        ("toor dal magnesium", "pigeon peas"),
        ("callaloo calcium", "amaranth leaves"),
        ("is it parkinsons? my thumb twitches", "tremor"),
        ("how common is als, im 25", "1 to 2 people in 100,000"),
        ("working outside in the heat all day, how much water per hour", "every 15 to 20 minutes"),
        ("how many standard drinks a day is ok", "14 g of alcohol"),
        ("14 units how many pints", "about 6 pints"),
        ("my 10 year old drinks coke, how much caffeine is ok", "85 mg"),
        ("warfarin, which magnesium foods", "vitamin K"),
        ("i have ibs-d, can i take magnesium", "loosen stools"),
        ("on metformin 5 yrs, how often check b12", "ask your doctor to check your B12"),
        ("pregnant, thinking of cod liver oil for vit d", "advises against cod liver oil"),
        ("after 2 espressos my eyelid wont stop twitching and i feel jittery", "mg of caffeine"),
        ("pregnant 2nd trimester can i still have my 3 cups of chai a day", "200 mg"),
        ("ragi flour 100g calcium mg??", "Calcium"),
        ("1 cup of homemade curd (dahi) how much calcium, my kids eat it", "448 mg"),
        ("tea or coffee which is worse for my twitching", "Coffee has more caffeine"),
        ("folic acid before getting pregnant how much", "400"),
        ("ORS at home recipe how much salt sugar 1 litre", "6 level teaspoons of sugar"),
        ("my calf is moving under the skin like worms after my run", "Usually harmless"),
        ("woke up with a calf cramp at 3am, is that normal", "common and usually harmless"),
        ("does magnesium help eye twitching", "Not proven"),
        ("does stretching actually help calf twitching and cramps", "For cramps, it can"),
        ("im 13 can i drink a monster before football", "1 can (16 fl oz) of monster"),
        ("my 18 month old, should i give her a magnesium supplement", "65 mg"),
        ("16 girl vegetarian, i hate milk. how much calcium do i need and from where", "Tofu"),
        ("heart failure on furosemide, more bananas or potatoes for potassium?", "care team"),
        ("im dairy free, is spinach good enough for my calcium or no", "Mostly a myth"),
        ("dr gave me klor con 20 meq how many mg potassium is that", "780 mg"),
        ("how much magnesium is in a tablespoon of milk of magnesia", "500 mg of magnesium"),
        ("Mag-Ox 400 how much magnesium is actually in it?", "241 mg"),
        ("front of the bottle says Magnesium Glycinate 500mg, back says 100 mg", "elemental"),
        ("calcium carbonate 1250 mg on the bottle how much is real calcium", "500 mg of calcium"),
        ("vegan here, which tofu should i buy for calcium", "calcium sulfate"),
        ("on hydrochlorothiazide and taking calcium 1200 + vit D 2000, fine together?", "thiazide"),
        ("pregnant, my prenatal has 400 iu D, is that enough?", "less than the 600 IU"),
        ("my 6 yo takes 2 vit D gummies of 1000 IU each, thats fine right?", "2,000 IU a day"),
        ("prenatal says 1360 mcg DFE (800 mcg folic acid). isnt the limit 1000??", "800 mcg"),
        ("400 mcg folic acid is how many mcg DFE", "680 mcg DFE"),
        ("pregnant with awful nausea, how many mg b6 can i take", "10 to 25"),
        ("trying for a baby, type 1 diabetes and bmi 32, how much folic acid", "5 mg"),
        ("calcium carbonate 1200mg, is taking it all at once ok", "500 mg"),
        ("had 3 coffees, upper lip twitching for an hour. is this a stroke??", "not a sign"),
        ("falling asleep my whole body jerks like im falling off a cliff, is this ALS", "hypnic"),
        ("gamer here how long before bed should i stop screens", "at least an hour"),
        ("i check my muscles 50 times a day and google als, no pills, what can i do", "CBT"),
        ("a stretch i can do without getting out of bed for calf cramps", "pull your toes"),
        ("my dad is 80 and never feels thirsty, how much should he drink?", "Over 65"),
        ("how long does nicotine withdrawal last, day 3 and im twitchy", "2 to 4 weeks"),
        ("huge night out, today my thigh is twitching and im hungover", "Usually not worrying"),
        ("new mom, 4hrs broken sleep, eyelid jumping 3 days, whats wrong", "tiredness"),
        ("im on a low sodium diet, which is better LMNT or liquid IV", "1,000 mg sodium"),
        ("going to GP about calf twitching, what will they check, EMG straight away?", "EMG"),
        ("masoor dal every night, how much potassium is in one bowl", "1 cup of lentils"),
        ("collard greens cooked cup calcium", "1 cup of collard greens"),
        ("tin of tuna b12", "1 can of tuna"),
        ("side by side: magnesium vs calcium vs potassium per day for a 35 yo woman", "2,600 mg"),
        ("fava beans potassium", "fava beans"),
        ("kangkong calcium", "kangkong"),
        ("mg glycinate dose?", "no set dose"),
        ("best time to take magnesium", "a time that suits you"),
        ("b12 in a steak", "beef sirloin steak"),
        # the second holdout's failures, fixed after it was judged
        ("breastfeeding, 36, whats my magnesium rda", "320 mg"),
        ("what percent daily value is 200mg of magnesium", "48% of the 420 mg"),
        ("100mg magnesium + 10mg b6 each tab, too much?", "10 mg a day is within"),
        ("i take 400mg magnesium and 2000 iu vitamin d, ok?", "2,000 IU a day is within"),
        ("b6 upper limit for my 14 yo", "80 mg"),
        ("pre workout with 300mg caffeine plus my 2 coffees, fine?", "490 mg"),
        ("sodium 133 on my electrolyte panel, low?", "135 to 145"),
        ("pregnant, how much water should a pregnant woman drink in a day", "2.3 litres"),
        # the ninth to eleventh blind sets, fixed after their first look
        ("magnesium 250mg, i take 2 tabs a day. over the max?", "500 mg a day is above"),
        ("label says 2 tablets = 200 mg magnesium. if i take 3 tabs?", "300 mg a day is within"),
        ("is 10,000 IU vitamin d every day ok?", "4,000 IU (100 mcg) for adults"),
        ("im 80, can i take 4000 IU vit D", "Only if your doctor advises it"),
        ("banana or avocado, which has more potassium", "Avocados have more potassium weight"),
        ("breastfeeding mom, how many coffees can i have", "300 mg of caffeine a day"),
        ("how many glass water my 7 yr old should drink daily?", "Children 4 to 8: about 1.7"),
        ("NHS says how much magnesium a day? im in leeds", "300 mg of magnesium a day (men)"),
        ("caffeine in a can of red bull", "80 mg of caffeine"),
        ("grandma sits by the sunny window all day, vitamin d?", "do not pass through window"),
        ("calcium citrate or carbonate on an empty stomach?", "absorbed well with or without"),
        ("is tetany dangerous?", "very low blood calcium"),
        ("should i take calcium with vitamin d", "lets the gut absorb calcium"),
        ("can you get too much vitamin d from the sun? i sunbathe", "cannot cause vitamin D"),
        ("is a nightcap good for sleep", "disturbs sleep later"),
        # the third holdout's failures and the dev sets', fixed after the judging
        ("ramadan, how much potassium in 1 medjool date?", "1 date (24 g) has about 167 mg"),
        ("kidney beans potassium in 1 cup", "kidney beans (177 g) has about 717 mg"),
        ("jain, no potato, onion, garlic, carrot or beetroot. potassium foods?", "carrots and"),
        ("my dads sodium came back 131 mmol/L, on water pills. normal?", "135 to 145"),
        ("B-complex label: B12 500 mcg. how many times the daily need?", "about 208 times"),
        ("im on phenytoin for epilepsy, ok to take folic acid?", "Ask your neurologist"),
        ("my father takes sinemet. is his b complex with b6 ok?", "Usually fine with Sinemet"),
        ("caffeine in 50g dark chocolate? i eat a bar at night", "about 40 mg of caffeine"),
        ("is oat milk as good as dairy for calcium?", "Only if it is fortified"),
        ("my grandmother is 82. how much calcium does she need", "Women 71 and over need 1,200"),
        ("canned sardines (like 555 sardines) how much calcium", "about 325 mg of calcium"),
        ("ORS packet makes 1 litre, how much potassium and sodium", "about 780 mg"),
        ("lost 1.5 kg in sweat after football, how much to drink", "1.5 litres for every kilo"),
        ("calcium citrate 1000 mg how much calcium", "gives about 210 mg of calcium"),
        ("my son 16 and 60kg drinks energy drinks, how much caffeine is ok", "At 60 kg"),
        ("my 11yo takes ritalin and loves coke. how much is ok?", "85 mg at 10 to 12"),
        ("heart failure, fluid limit 1.5L. the reminders say 8 glasses. which?", "fluid limit"),
        ("is magnesium an electrolyte or only sodium & potassium?", "the main electrolytes"),
        ("can not sleeping enough cause twitches?", "lack of sleep are among"),
        ("broke uni student, cheapest way to get magnesium", "Foods that cost little"),
        # the fourth holdout's failures, fixed after it was judged
        ("mag oxide 250mg per tablet, i take 2, plus a multi with 100mg magnesium", "600 mg a day"),
        ("prenatal has 800 mcg folic acid and cereal with 400 mcg, too much?", "1,200 mcg a day"),
        ("on dialysis 3x a week, can i eat bananas for my cramps?", "With kidney disease"),
        ("on losartan. can i take a potassium supplement for cramps", "Not without your doctor"),
        ("my dr says i need 1000mg calcium a day. 1 cup of milk is how much?", "about 293 mg"),
        ("does sunscreen stop you making vitamin d", "have not found"),
        ("espresso shot or mug of filter coffee which has more caffeine?", "Coffee has more"),
        ("whats got more potassium, a banana or an avocado", "1 avocado (201 g)"),
        ("pharmacist gave my mother Mag-Ox 400. is that 400mg of magnesium?", "about 241 mg"),
        ("homemade ORS recipe amounts? kid had diarrhoea, drinking ok", "6 level teaspoons"),
        # the fifth holdout's failures, fixed after it was judged
        (
            "label: 3 capsules = 360 mg elemental magnesium. over the limit?",
            "360 mg a day is above",
        ),
        ("son is 6, kids magnesium gummies 100mg each, can he have 2 a day?", "200 mg a day"),
        ("calcium 600mg + D3 400 IU, i take 1 twice a day. my total per day", "1,200 mg a day"),
        ("my 4 month old, how many hours of sleep a day is normal", "Babies 4 to 12 months"),
        ("im pregnant, my aunt says eat liver for b12 and folate. is that ok??", "avoiding liver"),
        ("orange juice with added calcium - how much per glass", "about 349 mg"),
        ("dad is 85 and hardly drinks. how many cups of fluid a day?", "Over 65"),
        ("my heart skips a beat after my 3rd coffee, no dizziness. caffeine?", "palpitations"),
        ("my first baby had spina bifida. what folic acid dose should i be on", "5 mg"),
        ("does anxiety cause twitching?? no weakness at all", "stress and anxiety"),
        ("oatly oat milk is fortified right? how much vitamin d per cup", "100 to 144 IU"),
        ("can drinking too much water be dangerous? how much is too much per hour", "1.5 litres"),
        ("my father is 78, how much b12 does he need, can he get it from food", "over 50"),
        # from a blind set of foods and supplements (dev19) and one of lifestyle (dev18)
        ("almond milk carton says calcium 35% DV per cup. how many mg is that", "about 455 mg"),
        ("2 slices cheddar cheese (about 1.5 oz) calcium", "1.5 oz of cheese"),
        ("natural calm says 2 tsp = 325 mg magnesium, i put 3 tsp in my tea. how much", "488 mg"),
        (
            "I take caltrate 600 twice a day and drink 3 glasses of milk. too much? 60 female",
            "2,078",
        ),
        ("my son is 14 and wants to drink Celsius before football. how much caffeine", "Teens: "),
        ("breastfeeding my 4 month old, how much water should i drink", "3.8 litres"),
        ("vegan here, where do i get b12 from food only? no pills pls", "fortified"),
        ("how much should my 6yo drink a day, she only really drinks at lunch", "Children 4 to 8"),
        ("toddler 2 yrs how much should he drink a day total", "Children 1 to 3"),
        ("what counts as 1 drink, my wine glass is huge", "14 g of alcohol"),
        ("my 12yo is really anxious, how much exercise a day should kids get", "60 minutes"),
        ("pregnant 24 weeks, leg cramps at night, is magnesium safe to take", "Usually yes"),
        ("how much magnesium do i need and which foods have the most", "need 310–420 mg"),
        ("how much b12 do i need per day", "need 2.4 mcg"),
        ("is 2000 iu vitamin d ok for me and how much do i actually need, 45f", "within the upper"),
        (
            "my prenatal has 800 mcg folic acid and my cereal box says 400 mcg folic acid per "
            "bowl, whats my total",
            "1,200",
        ),
        ("on spironolactone for acne. extra bananas and coconut water for cramps?", "sparing"),
        ("on lisinopril, can i use nosalt and eat more bananas for my cramps", "salt substitutes"),
        ("bedtime is midnight, is coffee at 4pm ok or will it wreck my sleep", "by 6:00 pm"),
        # the eighth holdout's failures, fixed after it was judged
        (
            "prenatal has 800 mcg folic acid and i also take a separate 800mcg folic acid tab",
            "1,600",
        ),
        (
            "emergen-c packet says 10 mg b6. i drink 3 packets a day plus my 50 mg b6 b-complex",
            "80 mg",
        ),
        ("whats the max b6 per day?? my b complex has 100mg b6 and i take 2 on bad days", "200 mg"),
        (
            "i work evening shift finish 11pm and sleep around 1, when should i stop coffee",
            "1:00 am",
        ),
        (
            "breastfeeding my 3 month old. how many coffees or red bulls am i allowed a day",
            "300 mg",
        ),
        (
            "pregnant 24 weeks how much folate do i need now, my prenatal has 800 mcg, ok?",
            "600 mcg",
        ),
        (
            "lactose intolerant so no cow milk, which milk alternative has vitamin d",
            "100 to 144 IU",
        ),
        ("how many cups water for 10 year old boy", "Boys 9 to 13"),
        (
            "does having a couple beers at night help me sleep and stop the twitching",
            "disturbs sleep",
        ),
        # a dose belongs to the nutrient named beside it
        (
            "my B complex has 100mg B6 and my magnesium has B6 in it too. too much?",
            "The upper limit of magnesium for adults is 350 mg",
        ),
    ],
)
def test_everyday_how_to_questions_get_their_answer(
    assistant: Assistant, question: str, expected: str
) -> None:
    assert expected in assistant.answer(question).text.split("\n\n")[0]


def test_foods_refused_are_named_and_left_out(assistant: Assistant) -> None:
    question = "keto. potassium foods that arent bananas or potatoes?"
    assert "other than bananas and potatoes" in _opening(assistant, question)
    assert "• Potatoes" not in assistant.answer(question).text


def test_b12_sources_are_good_sources_of_b12(assistant: Assistant) -> None:
    text = assistant.answer("im vegan, where do i get b12").text
    (everyday,) = [line for line in text.splitlines() if "Everyday sources" in line]
    assert "fortified breakfast cereals" in everyday
    for plant in ("spinach", "leafy greens", "whole grains", "energy drinks"):
        assert plant not in everyday


def test_asking_about_too_much_is_not_told_generally_yes(assistant: Assistant) -> None:
    text = assistant.answer("can I take too much vitamin D").text
    assert "4,000 IU (100 mcg)" in _opening(assistant, "can I take too much vitamin D")
    assert "Generally yes" not in text


def test_a_b6_dose_within_the_us_limit_also_hears_the_nhs_advice(assistant: Assistant) -> None:
    reply = assistant.answer("b complex with 50mg b6, is that ok").text
    assert "within the upper limit of 100 mg" in reply and "10 mg a day" in reply[:450]


def test_a_person_low_in_a_nutrient_is_not_asking_for_low_foods(assistant: Assistant) -> None:
    text = assistant.answer("can a blood test actually show if im low in magnesium?").text
    assert "least" not in text and "less than 1% of the body's magnesium" in text[:450]
    assert "Foods with the least" in assistant.answer("which foods are low in potassium").text


def test_a_refused_soy_drink_is_not_offered(assistant: Assistant) -> None:
    opening = _opening(assistant, "vegan AND allergic to soy. calcium without tofu or soy milk?")
    assert "soy-free" in opening and "fortified soy" not in opening


def test_should_i_stop_a_supplement_over_the_limit_is_answered_yes(assistant: Assistant) -> None:
    reply = assistant.answer("b complex with 100 mg b6 for 6 months, pins and needles in my feet"
                             " that wont go away. should i stop it?")  # fmt: skip
    assert reply.urgency == "doctor" and "Yes, stop taking it" in reply.text[:450]


def test_a_supplement_is_added_to_the_food_named_when_the_limit_counts_food(
    assistant: Assistant,
) -> None:
    opening = _opening(assistant, "600 mg calcium tablet plus 3 glasses of milk, too much?")
    assert "600 mg plus about 878 mg in 3 cups of milk" in opening
    assert "1,478 mg a day is within the upper limit of 2,500 mg" in opening
    # magnesium's limit counts supplements only: the almonds are not added
    opening = _opening(assistant, "magnesium 400mg and a handful of almonds, over the limit?")
    assert "400 mg a day is above the upper limit of 350 mg" in opening


def test_one_food_asked_for_two_nutrients_gives_both_figures(assistant: Assistant) -> None:
    opening = _opening(assistant, "do bananas have magnesium too or just potassium")
    assert "32 mg of magnesium" in opening and "422 mg of potassium" in opening


def test_signs_asked_beside_a_medicine_are_the_signs(assistant: Assistant) -> None:
    text = assistant.answer("type 2 diabetic on metformin. what are the signs of low magnesium?"
                            " my legs twitch at night").text  # fmt: skip
    assert "early signs of a magnesium shortage" in text[:450] and "Take it at a time" not in text


def test_buying_a_supplement_for_someone_on_a_diuretic_asks_the_doctor_first(
    assistant: Assistant,
) -> None:
    opening = _opening(assistant, "dad is 75, takes furosemide, and his calves twitch. should I"
                                  " buy him potassium tablets?")  # fmt: skip
    assert opening.startswith("Ask your doctor first.") and "furosemide" in opening


def test_a_compound_weight_providing_the_nutrient_counts_the_nutrient(assistant: Assistant) -> None:
    question = "magnesium citrate 1000 mg providing 160 mg elemental magnesium, 2 caps a day. ok?"
    opening = _opening(assistant, question)
    assert opening.startswith("320 mg a day is within the upper limit of 350 mg")


# The figure asked in a story
_THE_FIGURE_ASKED_IN_A_STORY = [
    # chat shorthand is spelled out ("hw mch")
    ("hw mch potassium in a medium banana. my mom is on furosemide", "about 422 mg"),
    # the food's own figure, not another nutrient's answer about that food
    ("how much b12 in 3 oz canned tuna? my pregnant wife eats tuna", "2.2 mcg of vitamin B12"),
    # the drink's caffeine, not the tired new parent's twitching
    (
        "new mom on 3h sleep. how much caffeine in a grande pike place?",
        "Grande 16 fl oz 310 mg",
    ),
    # "whats the upper limit for her": the limit, with the milk she drinks added
    (
        "my 15yo takes calcium 1000 mg, drinks 4 glasses milk. whats the upper limit for her?",
        "2,171 mg a day is within the upper limit of 3,000 mg for teens 14–18",
    ),
    # foods added from USDA SR28 this session
    ("how much calcium in 1 cup of nopales cooked?", "244 mg of calcium"),
    ("potassium in 1 cup boiled nigerian white yam", "911 mg of potassium"),
    ("how much calcium in goat milk", "327 mg of calcium"),
    ("3 anchovies calcium", "3 anchovies (12 g) have about 28 mg"),
]


# The verdict asked in a story
_THE_VERDICT_ASKED_IN_A_STORY = [
        ("my 3yo had vomiting and diarrhea 2 days, is she losing electrolytes?", "Yes: vomiting"),
        ("my husband (40) eats 2 bananas a day, thinks thats all his potassium. true?",
         "No, not alone: about 845 mg in 2 bananas (236 g), short of the 3,400 mg"),
        ("my vegan daughter eats kale, is calcium from kale absorbed as good as from milk?",
         "Yes, about as well as from milk"),
        ("grandpa is on dialysis. can he eat kamote and banana for cramps?",
         "Only within the potassium limit the kidney team sets: 1 medium sweet potato"),
    ]  # fmt: skip


# What was asked beside the need
_WHAT_WAS_ASKED_BESIDE_THE_NEED = [
        # the need with the foods that fit, when both are asked
        ("vegan mom breastfeeding twins, 29 yo, need magnesium how much and what vegan food?",
         "you need 310 mg of magnesium a day (RDA). Foods with the most per serving that fit a"
         " vegan diet"),
        ("my 5yo only eats bread and nuggets. how can he get potassium? he needs how much?",
         "Children 4–8 need 2,300 mg of potassium a day (AI). Foods with the most per serving"),
        # "how many mg ... and the max": the need first, the limit after it
        ("toddler 3 yrs, how many mg magnesium per day and whats the max from supplement?",
         "Children 1–3 need 80 mg of magnesium a day"),
        # foods alone against a limit that counts food
        ("my 2yr old drinks 4 cups of milk a day, is that too much calcium?",
         "About 1,171 mg in 4 cups of milk (USDA SR28): 1,171 mg a day is within the upper limit"
         " of 2,500 mg for children 1–3"),
        # the medicine named beside the need ("tiene 68" is her age)
        ("mi mamá tiene 68, diabetes y toma metformina. which vitamin she need check and how much?",
         "Women 51–70 need 2.4 mcg of vitamin B12"),
        ("my 8 month old has diarrhea since yesterday can i give gatorade?",
         "Not the best choice, especially for a baby"),
    ]  # fmt: skip


def test_a_supplement_is_not_encouraged_beside_warning_signs(assistant: Assistant) -> None:
    question = ("dad 61, twitching for 2 months spreading to both legs, hands weak, drops his cup."
                " he takes magnesium 250 mg. should he take more?")  # fmt: skip
    reply = assistant.answer(question)
    assert reply.urgency == "doctor" and "Generally yes" not in reply.text
    assert "Not before the doctor has checked these signs" in reply.text[:600]


# Who and how often read from a story
_WHO_AND_HOW_OFTEN_READ_FROM_A_STORY = [
        # how long it has been taken is not how often
        ("vitamin d 50,000 iu every day since a month, is that ok?", "50,000 IU a day is above"),
        ("my doctor gave me 50000 iu every 2 weeks, is that safe",
         "50,000 IU every 2 weeks is about 3,570 IU (89 mcg) a day on average"),
        # a nursing home is a place, not breastfeeding
        ("is 600 IU vitamin D enough for my 80 yr old mother in a nursing home?",
         "less than the 800 IU (20 mcg) a day needed (adults 71 and over"),
        ("twin girls 12, one is vegetarian. how much vitamin b6 do they need and veg source?",
         "Girls 9–13 need 1 mg of vitamin B6"),
    ]  # fmt: skip


def test_a_mega_dose_with_warning_signs_is_stopped_until_the_doctor_sees(
    assistant: Assistant,
) -> None:
    reply = assistant.answer("i take vitamin d 50,000 iu every day since a month because i read it"
                             " cures twitching. now i feel sick, very thirsty. how much should i"
                             " take?")  # fmt: skip
    assert (
        reply.urgency == "doctor" and "Stop taking it until the doctor has seen you" in reply.text
    )


# Written answers for everyday situations
_WRITTEN_ANSWERS_FOR_EVERYDAY_SITUATIONS = [
        ("no meat on fridays. which fish for vitamin D for my kids?", "fit a pescatarian diet"),
        ("abuelo 72 has kidney problems (stage 4). what fruits ok for his potassium?",
         "Fruits with the least per serving"),
        ("my 6yo has ADHD, no caffeine at all. which drinks/foods have hidden caffeine?",
         "black tea (about 47 mg a cup)"),
        ("my 5yo has leg pains at night, doctor said growing pains. is stretching helpful?",
         "Yes, it can help: for growing pains"),
        ("my grandma 88 has dementia and refuses to drink water. how do i keep her hydrated?",
         "For an older person who drinks little"),
        ("how many ml of water for 10 month old baby a day?", "120 to 240 ml"),
        ("how much vitamin D should I take pregnant, doctor said 400 IU but internet says 600?",
         "400 IU a day is less than the 600 IU (15 mcg) a day needed (pregnancy, RDA)"),
        ("my 15yo is lactose intolerant, does lactose-free milk count for calcium?",
         "lactose-free milk still counts for calcium"),
    ]  # fmt: skip


# Drinks and cautions from the twelfth set
_DRINKS_AND_CAUTIONS_FROM_THE_TWELFTH_SET = [
        ("32 weeks pregnant, can I have a double-shot latte?",
         "2 shots of espresso (59 g) have about 126 mg of caffeine. That is within the 200 mg"),
        ("does a latte have calcium", "1 cup of milk (244 g) has about 293 mg of calcium"),
        ("grandpa 83 takes omeprazole and aspirin. he wants magnesium for cramps. can he start"
         " himself?", "Ask your doctor first."),
        ("my dad 69 has calcium kidney stones. doctor said dont stop calcium from food? is that"
         " right?", "Do not cut calcium after a calcium oxalate stone"),
    ]  # fmt: skip


def test_a_nursing_mothers_caffeine_is_not_refused(assistant: Assistant) -> None:
    text = assistant.answer("is a cappuccino ok while breastfeeding").text
    assert "No:" not in text and "up to about 300 mg" in text[:450]


def test_a_grandmother_who_cannot_swallow_big_pills_hears_of_chewables(
    assistant: Assistant,
) -> None:
    text = assistant.answer("my lola has trouble swallowing big pills and needs calcium 1200. any"
                            " liquid or chew form + how much per dose?").text  # fmt: skip
    assert "Women 71 and over need 1,200 mg" in text[:450]
    assert "chewables, liquids and powders" in text[:450] and "500 mg" in text[:450]


# Supplements and foods added up
_SUPPLEMENTS_AND_FOODS_ADDED_UP = [
        ("my 6yo takes 2 calcium gummies (250mg each) + drinks 3 cups of milk a day. how much"
         " calcium is that", "500 mg plus about 878 mg in 3 cups of milk (USDA SR28): 1,378 mg a"
         " day is within the upper limit of 2,500 mg for children 4–8"),
        ("multivitamin has 50 mcg D3, plus i drink 2 cups fortified milk. how many IU total",
         "2,234 IU (56 mcg) a day is within the upper limit of 4,000 IU"),
        ("how many IU in 1 tbsp cod liver oil? i take that + a 2000 IU softgel. under the max?",
         "3,360 IU a day is within the upper limit"),
        ("which has more potassium, a banana or a baked potato? want to stop calf cramps",
         "Potatoes have more potassium"),
        ("vegan, no meat eggs dairy. where do i get b12", "Vegans can get it from B12-fortified"),
    ]  # fmt: skip


# Arithmetic and refusals from the thirteenth set
_ARITHMETIC_AND_REFUSALS_FROM_THE_THIRTEENTH_SET = [
        ("slow-mag says 71.5mg magnesium per tablet. i take 2 in morning and 2 at night. how much"
         " is that total and is it over", "286 mg a day is within the upper limit of 350 mg"),
        ("16 weeks preg and cramps at night. how much magnesium do i need now? im 29",
         "In pregnancy, you need 350 mg"),
        ("i drink like 4 cups of the break room coffee + a monster around 3am. how much caffeine",
         "about 538 mg in all, more than the 400 mg"),
        ("on furosemide, which foods give potassium? diabetic so i cant eat tons of fruit",
         "Foods with the most per serving that fit a low-carb diet"),
    ]  # fmt: skip


# Refusals allergies and cautions read from the message
_REFUSALS_ALLERGIES_AND_CAUTIONS_READ_FROM_THE_MESSAGE = [
        ("doing low fodmap for IBS, cant have lots of beans or cashews. what magnesium foods are"
         " ok for me?", "other than beans and cashews"),
        ("my 3 yo is allergic to cow's milk. how much calcium does she need and from what",
         "fit a dairy-free diet"),
        ("10 yo daughter gets twitchy legs at night. nut free school. how much magnesium does she"
         " need and from what foods", "Girls 9–13 need 240 mg of magnesium a day (RDA). Foods"),
        ("taking lisinopril for bp. ok to use nosalt to get more potassium for cramps?",
         "Ask your doctor first: salt substitutes such as LoSalt and NoSalt"),
        ("on spironolactone, can i use lo salt instead of normal salt",
         "Ask your doctor first: salt substitutes"),
        ("how much calcium in one tums regular? i eat them like candy for heartburn lol",
         "a Regular tablet (500 mg) gives 200 mg of calcium"),
        ("we try for baby. my prenatal have 800 mcg folic acid, is too much?",
         "800 mcg a day is within the upper limit of 1,000 mcg"),
    ]  # fmt: skip


# Numbers read as meant
_NUMBERS_READ_AS_MEANT = [
        ("ok to give my 5 yr old half of my 1000 IU vitamin d gummy? so 500 IU a day",
         "500 IU a day is within the upper limit of 3,000 IU (75 mcg) for children 4–8"),
        ("im 16, 60kg, play soccer. whats the max caffeine i can have in a day",
         "At 60 kg that is about 150 mg a day"),
        ("excedrin migraine has 65mg caffeine per pill, i took 2 plus 2 cups of coffee. total?",
         "With the 130 mg you named, that is 320 mg"),
        ("rotating nights 12h, sleeping in the day i get like 5h. how do i get enough sleep and"
         " how much should i aim for",
         "No: 5 hours is less than the 7 to 9 hours needed"),
        ("how many glasses of milk to get all my vit d for the day? 2% milk",
         "About 5 a day"),
    ]  # fmt: skip


# Written answers for athletes and shift workers
_WRITTEN_ANSWERS_FOR_ATHLETES_AND_SHIFT_WORKERS = [
        ("is vitamin d2 as good as d3? the vegan one at the store is d2", "Both work"),
        ("guys at the club say beer is the best recovery drink after a run. true?", "No: alcohol"),
        ("black woman living in manchester, do i really need vitamin d tablets even in summer?",
         "have dark skin"),
        ("panic attack before my exam, breathing really fast, fingers and lips tingled. normal?",
         "Yes, it is common"),
        ("do i need vitamin d for my calcium to work? taking calcium alone rn", "Yes, it helps"),
        ("5-hour energy label says b12 500 mcg = like 20000% DV. is that dangerous??",
         "No upper limit has been set for vitamin B12"),
    ]  # fmt: skip


# Earlier answers kept
_EARLIER_ANSWERS_KEPT = [
        # regressions found by comparing every answer set's replies with the session's start
        ("how many tums can i take a day, i pop them like candy for heartburn", "Ask your doctor"),
        ("how many mg magnesium max for kids? 8 years", "upper limit of magnesium for children"),
        ("vitamin d for 2 year old how much, and max?", "Children 1–3 need 600 IU"),
        ("I drink 5 cups of chai daily (with milk) is that too much caffeine", "about 237 mg"),
        ("preworkout has 300 mg caffeine per scoop and i drink 2 coffees a day too. too much?",
         "that is 490 mg"),
        ("pregnant 5 months, can i eat tuna for b12 or is mercury a problem", "low in mercury"),
        ("been on prednisone for months for my lungs. do i need extra vitamin d or calcium?",
         "Corticosteroids such as prednisone"),
        ("I'm Chinese, I don't drink milk. Is bok choy good calcium? how much in a cooked cup",
         "1 cup of bok choy (170 g) has about 158 mg"),
    ]  # fmt: skip


# A medicine caution before timing advice
_A_MEDICINE_CAUTION_BEFORE_TIMING_ADVICE = [
        ("can i take magnesium together with my levothyroxine in the morning",
         "take levothyroxine at least 4 hours before or after them"),
        ("taking doxycycline for acne, can i take my magnesium at the same time in the morning",
         "Calcium and magnesium bind tetracycline"),
        ("type 2 diabetes + blood pressure on losartan. can i take a potassium supplement",
         "Not without your doctor's advice: ACE inhibitors"),
        ("how much potassium should a person with CKD eat?", "With kidney disease, potassium"),
    ]  # fmt: skip

# The sixth holdout's open failures (judged on the frozen code, worked on after)
_LONG_TAIL_FROM_THE_SIXTH_HOLDOUT = [
        ("how much water should a grown man drink a day? 30, desk job, not much sport",
         "Men: about 3.7 litres a day"),
        ("is 4 liters of water a day too much? im a 60kg woman, i sip it all day at work",
         "Usually not harmful if you sip it through the day"),
        ("had a 5 hour energy at 3pm and now cant sleep. how long does caffeine stay in your"
         " system", "half-life is about 5 hours"),
        ("is it ok to catch up on sleep at the weekend? i get 5h on weeknights and 10h saturday",
         "Not fully"),
        ("3 beers every night, 34 yo guy. is that within limits?", "no more than 14 units"),
        ("slow mag says 71.5 mg magnesium per tablet and i take 2 tablets twice a day. how much"
         " is that and am i under the limit", "286 mg a day is within the upper limit"),
        ("i take alendronate 70mg every monday morning. when can i take my calcium and"
         " magnesium that day?", "Take alendronate first thing"),
        ("pregnant and today i had 1 mug of filter coffee, 1 mug of tea and a can of coke. am i"
         " still under the caffeine limit?", "more than the 200 mg of caffeine a day"),
        ("had 2 red bulls (250ml) today, how much caffeine total?", "about 150 mg of caffeine"),
        ("my eye's been twitching a bit after 3 nights of rubbish sleep with the newborn lol,"
         " otherwise fine. realistically how many hours do adults need?",
         "Adults need 7 to 9 hours"),
        ("1 mug nescafe instant coffee caffeine", "1 mug of instant coffee"),
        ("my mom is 78. how much b12 does she need and should it come from pills or food?",
         "fortified foods or a supplement"),
        ("can i just buy potassium pills at walmart to get my 3400mg a day", "at most 99 mg each"),
        ("my prenatal has 1000 mcg folic acid and my OB ALSO told me to take 400 extra. isnt"
         " that over the limit??", "take it as prescribed"),
        ("on spironolactone 100mg for acne and eating a ton of bananas plus coconut water for my"
         " twitching. should i change anything?", "Potassium-sparing diuretics"),
        ("IBS on low fodmap, avocado and dried fruit set me off. how else do i get potassium?",
         "other than avocados"),
    ]  # fmt: skip

# This session's dev sets (lifestyle long tail; carers and families; label arithmetic)
_VERDICTS_AND_TOTALS_FROM_THE_THIRTEENTH_HOLDOUT = [
    # "too much?" is answered yes when over the limit, "ok?" no
    ("is 2 pints of lager every night too much", "Yes: 2 pints of lager"),
    ("is 2 pints of lager every night ok", "No: 2 pints of lager"),
    ("is 2 bananas a day enough potassium for me? F30", "the 2,600 mg a day needed"),
    ("is sleeping 5 hours a night enough", "No: 5 hours is less than"),
    (
        "lactose intolerant n no dairy at all, how do i get my 1000mg calcium",
        "Without any dairy: calcium-fortified soy milk",
    ),
    (
        "kidney disease, my nephrologist says keep potassium low. which foods are the highest"
        " so i know what to avoid",
        "To keep potassium low, the foods to limit",
    ),
    (
        "mug of builders tea vs mug of instant coffee, how much caffeine in each?",
        "Instant coffee has more caffeine for the same amount",
    ),
    ("is it ok to drink like 2 liters of diet coke a day, caffeine wise", "2 litres of diet cola"),
    (
        "Monster (160mg) plus my pre workout with 300mg caffeine before gym, is that too much",
        "With the 300 mg you named, that is 458 mg. That is more than",
    ),
    (
        "3 red bulls a night on my night shifts, is that whats making my eye twitch?",
        "Quite possibly",
    ),
    (
        "magnesium glycinate says 120mg per capsule take 1-4 daily.. if i take all 4 how many mg",
        "480 mg a day is above the upper limit",
    ),
    (
        "Berocca says 10mg B6 per tablet and i also take a b complex with 50mg b6. whats my"
        " total b6 a day",
        "60 mg a day is within",
    ),
    ("is 100mg b6 a day safe long term", "Not as a habit without a doctor's advice"),
    (
        "my 7yo is a picky eater, should i give him vitamin d drops",
        "the NHS advises everyone over 4",
    ),
    (
        "do B vitamins actually help with twitching or is that just marketing",
        "Only if you are short of them",
    ),
    (
        "does drinking more water actually stop twitching or is that a myth",
        "Only if you are short of fluids",
    ),
    (
        "doc started me on a new water pill 10 days ago and now my muscles twitch all over."
        " can i just take potassium for it",
        "Not before the doctor has checked",
    ),
]
_LONG_TAIL_AND_ARITHMETIC_FROM_THE_DEV_SETS = [
        ("my boy is 9, bed at 10pm and up 6:30 for school. how many hours does a 9 yr old need",
         "Children 6 to 12 need 9 to 12 hours"),
        ("roofer in phoenix 110F. how often should i be drinking on the job and is there a max"
         " per hour", "every 15 to 20 minutes"),
        ("is pale yellow pee good or should it be totally clear", "pale yellow means"),
        ("weighed myself before n after my run, down 1 kg. how much should i drink to replace it",
         "1.5 litres for every kilogram"),
        ("race tomorrow 8am, im 70kg, how much should i drink beforehand?", "5 to 7 ml per kg"),
        ("how long shud a power nap be so i dont wake up feeling like a zombie",
         "about 10 to 20 minutes"),
        ("is it bad to sleep 9-10 hrs as an adult? my partner says im lazy", "Not by itself"),
        ("does yoga count as my stretching or do i need separate stretches", "Yes: yoga"),
        ("had hip replacement 3 months ago, my calves cramp at night. which stretches are safe?",
         "surgeon's precautions"),
        ("had 4 pints of normal beer, how long til its out of my system? driving at 7am",
         "Roughly 1 unit an hour"),
        ("what counts as binge drinking? like how many drinks", "4 or more for women"),
        ("vodka red bull on a night out, actually dangerous or just a myth?", "Riskier"),
        ("how long does a panic attack normally last?", "between 5 and 20 minutes"),
        ("small red bull vs a cup of coffee, which has more caffeine", "Coffee has more"),
        ("how much caffeine in a regular cup of coffee?? trying to count for my husband",
         "about 95 mg of caffeine"),
        ("nature made magnesium 250mg, taking 2 a day. is that over the limit?",
         "500 mg a day is above"),
        ("calm powder says 2 tsp = 325mg magnesium. i do 3 tsp at night. too much?",
         "488 mg a day is above"),
        ("taking 2 softgels of 2000 IU vit D plus a multi with 800 IU. too much??",
         "4,800 IU a day is above"),
        ("preworkout label says 300mg caffeine per 2 scoops, i take 1.5 scoops. how much is that",
         "225 mg of caffeine"),
        ("magnesium glycinate 120mg per 2 caps, im taking 4 caps. how much + %DV?", "240 mg"),
        ("how many cups of coffee is 400 mg", "about 4.2 of these"),
        ("how many glasses of milk to get 1000mg calcium", "About 3.4 of these"),
        ("how much vitamin d per day for someone 72? dad stays indoors mostly", "800 IU"),
        ("pregnant at 17, how much calcium do i need?", "1,300 mg"),
        ("allergic to dairy AND soy, 35F. where do i get calcium from?", "soy-free"),
        ("my toddler 18 mnths how much potassium per day?? she only eats pasta lol",
         "Children 1–3 need 2,000 mg"),
        ("how much folic acid should i take trying for baby? im 31", "Take 400 mcg of folic acid"),
        ("is twitching ever a reason to go to the ER? my parents are fine, what to watch for",
         "Only with emergency signs"),
        ("can low potassium cause muscle weakness? just asking in general", "Yes: low blood"),
        ("can too much magnesium cause heart problems? asking for my gran", "In an overdose, yes"),
        ("is it true calcium supplements cause heart attacks? my mom 70 takes 1000mg",
         "The evidence is mixed"),
        ("my dad on dialysis wants to use epsom salt for constipation. safe?",
         "Not with kidney disease"),
        ("does alcohol cause twitching? husband drinks 6 beers every night", "Yes, it can"),
        ("does sparkling water count for hydration? my 80 yo dad only drinks that",
         "still or sparkling"),
        ("16 yo eye twitching after 2 all nighters gaming, is it dangerous??",
         "usually harmless"),
        ("mom is 70 and takes a 250 mg magnesium pill and eats normal. how much does she need"
         " total and is the pill under the limit?", "less than the 320 mg a day needed"),
        ("do men need folate too or is that only a pregnancy thing", "Adults 19–50 need 400 mcg"),
        ("my 85 yo gran barely drinks anything. how many cups a day should she aim for",
         "6 to 8 glasses"),
        ("grandpa 82 in a wheelchair gets calf cramps at night. any stretch he can do sitting?",
         "Sitting down"),
        ("my son is 16 and im 45 (both guys). how much calcium does each of us need?",
         "Teens 14–18: 1,300 mg"),
        ("high blood pressure, low salt diet. is liquid iv ok for my cramps?",
         "about 500 mg of sodium"),
        ("pregnant and my sister says 1 glass of wine a week is fine. true?",
         "no alcohol at all is the safest"),
        ("salt substitute says 800mg potassium per 1/4 tsp. im on losartan, ok to use?",
         "Ask your doctor first: salt substitutes"),
        ("on lisinopril for blood pressure. are liquid iv / electrolyte drinks with potassium ok"
         " every day?", "Not without your doctor's advice: ACE inhibitors"),
        ("can i have my coffee with my thyroid pill (levothyroxine) in the morning?",
         "wait at least 30 minutes"),
        ("why does my calcium say take no more than 500mg at once", "About 500 mg or less"),
        # a cup of a food served by the box, the ounce or the piece (USDA's weight of a cup)
        ("raisins half cup potassium", "1/2 cup of raisins (73 g) has about 543 mg"),
        ("1/4 cup almonds magnesium", "1/4 cup of almonds (35 g)"),
        ("baked potato potassium?? medium one no skin", "about 610 mg of potassium"),
        ("small red bull vs a cup of coffee, which has more caffeine",
         "75 mg in 1 can (8.4 fl oz)"),
        ("vegan here, zero dairy. where do i get calcium from?? and i dont really like tofu",
         "other than tofu"),
        ("my b complex has 50mg of B6 and i take it 2x a day. safe long term?",
         "100 mg a day is at the upper limit"),
        ("best foods for b12? i eat fish and eggs but no meat", "fit a pescatarian diet"),
        ("how many ml of water per hour on a long run in hot weather?", "0.4 to 0.8 litres"),
        # the other nutrients in the same portion as the one asked ("1 cup": folate per cup too)
        ("spinach potassium 1 cup cooked", "Also: folate 263 mcg DFE"),
        # the seventeenth dev set
        ("my 6 yo's gummy vitamin has 50mg magnesium each and he begs for 3 a day. ok?",
         "150 mg a day is above the upper limit of 110 mg for children 4–8"),
        ("my husband is on dialysis 3x a week. he craves bananas and coconut water for his"
         " cramps. is that safe?", "With kidney disease"),
        ("aussie here. 6 schooners on a saturday arvo then nothing all week, within guidelines?",
         "14 units"),
        ("55F post menopause, dairy bloats me. how much calcium do i need and from what",
         "fit a dairy-free diet"),
        ("keto 6 weeks, charley horses every night. magnesium foods that are low carb?",
         "fit a low-carb diet"),
        ("pregnant 22wk, calf cramps at night, midwife said maybe magnesium. whats the safe max"
         " from tablets?", "The upper limit of magnesium for pregnancy is 350 mg"),
        ("can i take my 1200mg calcium all at once in the morning?", "About 500 mg or less"),
        ("pure veg (no egg no meat, gujarati family). b12 came low. which veg foods?",
         "Foods with the most per serving that fit a vegetarian diet"),
        ("is magnesium citrate basically a laxative?", "most common side effect"),
        ("pregnant 9 weeks throwing up all day, can i take b6 and how much", "ACOG"),
        ("my 2yo refuses to drink milk at all. how much calcium does she need and from what??",
         "other than milk"),
        # the seventh holdout's wrong figures (judged on frozen feb7e57, fixed after)
        ("Nature Made magnesium 250mg, i take 2 every morning. is that over the limit",
         "500 mg a day is above the upper limit"),
        ("my b complex has 50 mg B6 and my magnesium has another 10 mg B6. is 60mg B6 a day too"
         " much", "60 mg a day is within the upper limit of 100 mg"),
        ("bro whats the most magnesium i can take in pills before it messes u up. 25m",
         "The upper limit of magnesium for adults 19–30 is 350 mg"),
        ("on lisinopril for my blood pressure. friend says take potassium pills for the muscle"
         " twitches, is that ok?", "Not without your doctor's advice: ACE inhibitors"),
    ]  # fmt: skip


def test_foods_cut_out_and_ideas_asked(assistant: Assistant) -> None:
    chai = assistant.answer("How much caffiene in cup of chai? I drink 4-5 cutting chai daily").text
    assert "about 47 mg of caffeine" in chai[:450]  # a "cutting chai" is a small chai
    text = assistant.answer("breastfeeding and baby has cows milk protein allergy so im cutting"
                            " all dairy. how do i get my calcium (im 32)?").text  # fmt: skip
    assert "fit a dairy-free diet" in text[:450]
    text = assistant.answer(
        "8yo with fish AND egg allergy. vit d ideas? how much does she need"
    ).text
    assert "Children 4–8 need 600 IU" in text[:450] and "fit a fish-free diet" in text[:450]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        *_THE_FIGURE_ASKED_IN_A_STORY,
        *_THE_VERDICT_ASKED_IN_A_STORY,
        *_WHAT_WAS_ASKED_BESIDE_THE_NEED,
        *_WHO_AND_HOW_OFTEN_READ_FROM_A_STORY,
        *_WRITTEN_ANSWERS_FOR_EVERYDAY_SITUATIONS,
        *_DRINKS_AND_CAUTIONS_FROM_THE_TWELFTH_SET,
        *_SUPPLEMENTS_AND_FOODS_ADDED_UP,
        *_ARITHMETIC_AND_REFUSALS_FROM_THE_THIRTEENTH_SET,
        *_REFUSALS_ALLERGIES_AND_CAUTIONS_READ_FROM_THE_MESSAGE,
        *_NUMBERS_READ_AS_MEANT,
        *_WRITTEN_ANSWERS_FOR_ATHLETES_AND_SHIFT_WORKERS,
        *_EARLIER_ANSWERS_KEPT,
        *_A_MEDICINE_CAUTION_BEFORE_TIMING_ADVICE,
        *_LONG_TAIL_FROM_THE_SIXTH_HOLDOUT,
        *_LONG_TAIL_AND_ARITHMETIC_FROM_THE_DEV_SETS,
        *_VERDICTS_AND_TOTALS_FROM_THE_THIRTEENTH_HOLDOUT,
    ],
)
def test_the_first_screen_carries_what_was_asked(
    assistant: Assistant, question: str, expected: str
) -> None:
    assert expected in assistant.answer(question).text[:450]


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # NHS: units = ml x strength / 1000; a pint is 568 ml
        (
            "how many units is 3 pints of 4% lager",
            "3 pints of lager (3 × 568 ml at 4%): about 6.8 units",
        ),
        (
            "3 pints of 5.2% lager and 2 large glasses (250ml) of 12% wine, how many units",
            "That is about 14.9 units in all",
        ),
        # NIAAA: a standard drink is 14 g (about 17.7 ml) of pure alcohol
        (
            "2 white claws and 3 shots of tequila last nite, how many drinks is that",
            "That is about 5 standard drinks in all",
        ),
        ("is a 16oz IPA one drink or more", "about 1.3 standard drinks"),
    ],
)
def test_the_alcohol_in_the_drinks_named_is_worked_out(
    assistant: Assistant, question: str, opening: str
) -> None:
    reply = assistant.answer(question)
    assert reply.topic == "stimulants"
    assert opening in reply.text.split("\n")[1]


def test_a_drinks_question_without_amounts_gets_the_written_answer(assistant: Assistant) -> None:
    reply = assistant.answer("how many drinks a day counts as moderate? after my beer nights")
    assert "standard drink (" not in reply.text and "14 units" in reply.text


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # National Academies: about 2.7 litres a day for women; Mayo Clinic: kidneys clear
        # about 1 litre an hour
        ("is drinking 3 litres of water a day too much for a woman", "No: 3 litres a day is close"),
        ("is it safe to drink a gallon of water a day", "Yes, for a healthy adult: 3.8 litres"),
        ("drank 4 liters in 2 hours is that dangerous", "Yes, that is too fast"),
        ("6 litres a day too much?", "6 litres a day is more than most people need"),
        ("is 1 litre a day enough for a man", "Less than usual: 1 litre a day"),
    ],
)
def test_an_amount_of_water_gets_its_own_verdict(
    assistant: Assistant, question: str, opening: str
) -> None:
    reply = assistant.answer(question)
    assert reply.topic == "hydration"
    assert reply.text.split("\n")[1].startswith(opening)


def test_water_drunk_in_training_is_not_judged_as_a_days_amount(assistant: Assistant) -> None:
    reply = assistant.answer(
        "can too much water be dangerous? coach says drink 6 litres in training"
    )
    assert reply.text.split("\n")[1].startswith("Yes: drinking far more than your body needs")


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # a label's "per 100ml" times what was drunk: 120 mg x 500 ml / 100
        (
            "oatly says 120mg calcium per 100ml. i drink 500ml a day, is that enough calcium",
            "600 mg a day is less than the 1,000 mg a day needed",
        ),
        # NIH ODS: canned chickpeas, 1 cup, 1.1 mg of vitamin B6
        ("b6 in a tin of chickpeas?? making hummus", "1 cup of canned chickpeas (240 g) has"),
        ("a whole 100g bar of lindt 85%, how much magnesium", "100 g of dark chocolate has"),
    ],
)
def test_labels_tins_and_brands_get_their_figure(
    assistant: Assistant, question: str, opening: str
) -> None:
    assert opening in assistant.answer(question).text.split("\n")[1]


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        (
            "serving size 2 capsules = 300 mg magnesium. i take 3 caps a day. how much am i "
            "actually getting",
            "450 mg a day is above the upper limit of 350 mg",
        ),
        (
            "preworkout says 300mg caffeine per scoop, then i have 2 red bulls (250ml) after "
            "the gym. am i over the limit",
            "With the 300 mg you named",
        ),
        (
            "i drink 3 liquid iv sticks a day, box says 370mg potassium each. how much potassium "
            "is that total",
            "That is about 1,110 mg of potassium in all",
        ),
        (
            "is a pint of beer every evening ok for a woman? its only 4%",
            "No: a pint of beer (1 × 568 ml at 4%): about 2.3 units; every day that is about "
            "15.9 units a week",
        ),
        ("i use zyn 6mg, about 8 pouches a day. how much nicotine is that", "about 48 mg"),
        ("drinking 5 litres of water a day to flush out the twitching, good idea?", "Not needed"),
        (
            "centrum says 25 mcg d3 and i also take nature made d3 2000 iu. how much total",
            "3,000 IU a day is within the upper limit",
        ),
        ("kirkland d3 says 50 mcg.. same as 2000 IU? ok every day?", "2,000 IU a day is within"),
        ("potassium in one baked potato, medium size, i not eat the skin", "about 610 mg"),
        ("max cups of coffee per day before its too much?", "about 4 servings like this"),
    ],
)
def test_the_users_own_numbers_are_added_up(
    assistant: Assistant, question: str, opening: str
) -> None:
    assert opening in assistant.answer(question).text.split("\n")[1]


def test_a_definition_of_a_standard_drink_is_not_a_count(assistant: Assistant) -> None:
    reply = assistant.answer("what is 1 standard drink in the US? for wine and beer")
    assert not reply.text.split("\n")[1].startswith("A wine")


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # USDA SR28: 2 bananas 845 mg, a medium baked potato 926 mg
        (
            "i eat 2 bananas and 1 baked potato every day. how much potassium is that",
            "About 1,770 mg of potassium in all",
        ),
        (
            "my 5 yr old is picky, eats a banana, 2 tbsp peanut butter, and plain pasta. is she "
            "getting enough magnesium",
            "Short of the need: 1 medium banana (118 g): 32 mg; 2 tbsp of peanut butter",
        ),
        # NIH ODS: the upper limit for children 4-8 is 110 mg from supplements
        (
            "can i give my 6 yo magnesium gummies? each gummy = 50mg magnesium. how many max",
            "At most 2 a day: 2 × 50 mg is 100 mg",
        ),
        (
            "i take 2 caps in the morning (label says 120mg magnesium per cap) and a ZMA with "
            "magnesium 450mg. how many mg is that all together",
            "690 mg a day is above the upper limit of 350 mg",
        ),
        ("6 tums extra strength 750 a day. how much calcium is that", "1,800 mg a day"),
    ],
)
def test_foods_and_tablets_named_are_added_up(
    assistant: Assistant, question: str, opening: str
) -> None:
    assert opening in assistant.answer(question).text.split("\n")[1]
