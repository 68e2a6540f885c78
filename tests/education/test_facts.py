"""Every fact a page must carry, checked by meaning rather than by sentence.

Each fact names its page and a few key terms (regular expressions, lower case) that must all
appear within WINDOW words of each other, so an editor can reword a page freely and the test
still knows whether the fact is there. The article's facts come first (as corrected by the
clinical review), then one block for each NHS medicine-page section. MISSTATEMENTS lists what
no page may say any more.
"""

import re
from dataclasses import dataclass

import pytest

from education import glossary
from tests.education.test_content import BY_SLUG
from tests.education.text import plain

WINDOW = 40  # words


@dataclass(frozen=True)
class Fact:
    page: str
    claim: str
    terms: tuple[str, ...]
    within: int = WINDOW


FACTS = [
    # ---------------------------------------------------------------- the overview and key facts
    Fact(
        "ldn-for-ra-overview", "LDN is popular lately and seen by some as promising", ("popular", "promising")
    ),
    Fact("ldn-for-ra-overview", "RA is autoimmune and attacks the joints", ("autoimmune", "joints")),
    Fact(
        "ldn-for-ra-overview",
        "key facts: the dose is 1.5-4.5 mg once a day",
        (r"1\.5 mg to 4\.5 mg", "once a day"),
    ),
    Fact(
        "ldn-for-ra-overview",
        "key facts: approved by the FDA at 50 mg for opioid and alcohol use disorder, off-label for RA",
        ("off-label", "fda", "50 mg", "opioid use disorder", "alcohol use disorder"),
    ),
    Fact(
        "ldn-for-ra-overview",
        "key facts: no randomized trials in RA",
        ("very limited", "no randomized trials", "ra"),
    ),
    Fact(
        "ldn-for-ra-overview",
        "key facts: not shown to slow joint damage; alongside RA medicines, not instead",
        ("not been shown to slow joint damage", "alongside", "not instead"),
    ),
    Fact(
        "ldn-for-ra-overview",
        "key facts: never with opioids",
        ("never take ldn with an opioid", "withdrawal"),
    ),
    Fact(
        "ldn-for-ra-overview",
        "key facts: common side effects fade",
        ("vivid dreams", "trouble sleeping", "tired", "fade"),
    ),
    Fact(
        "ldn-for-ra-overview",
        "key facts: prescription, compounding pharmacy",
        ("prescription", "compounding pharmacy"),
    ),
    # ---------------------------------------------------------------- RA and its treatments
    Fact(
        "ra-and-todays-treatments",
        "RA is a long-term illness of the joints",
        (r"long[- ](term|lasting)", "joints"),
    ),
    Fact("ra-and-todays-treatments", "RA is more than ordinary aches or stiffness", ("aches", "stiffness")),
    Fact(
        "ra-and-todays-treatments",
        "RA is autoimmune: the immune system attacks the joints",
        ("autoimmune", "immune system", "attacks your joints"),
    ),
    Fact("ra-and-todays-treatments", "RA causes pain and swelling", ("inflammation", "pain and swelling")),
    Fact(
        "ra-and-todays-treatments",
        "RA can damage joints, more so if not caught early",
        ("damage", "not (spotted|caught|found)( and treated)? early"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "many treatments built up over the years",
        ("over many years", "live better"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "DMARDs come first because they slow joint damage",
        ("dmards", "first", "slow or stop the damage"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "methotrexate is the DMARD used most",
        ("methotrexate", "used most often"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "methotrexate does not work for everyone and its side effects can be hard",
        ("methotrexate", "does not work for everyone", "side effects"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "methotrexate side effects can often be eased: folic acid, dose, injection",
        ("side effects", "eased", "folic acid", "dose", "injection"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "never stop methotrexate without the rheumatologist",
        ("never stop methotrexate", "rheumatologist"),
        within=12,
    ),
    Fact(
        "ra-and-todays-treatments",
        "biologics and JAK inhibitors are newer, added when DMARDs are not enough",
        ("biologics", "jak inhibitors", "newer", "dmards alone"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "JAK inhibitors are named",
        ("jak inhibitors", "tofacitinib", "baricitinib", "upadacitinib"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "biologics and JAK inhibitors are expensive and hard to get",
        ("cost a lot|expensive|costly", "not always easy to get"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "steroids calm inflammation quickly, for a short time",
        ("steroids", "calm inflammation", "short time"),
    ),
    Fact(
        "ra-and-todays-treatments",
        "NSAIDs ease pain and stiffness but do not stop damage",
        ("nsaids", "ease pain and stiffness", "do not stop joint damage"),
    ),
    Fact("ra-and-todays-treatments", "why cost and access matter", ("cost and access", "out of reach")),
    Fact(
        "ra-and-todays-treatments",
        "this is one reason people ask about LDN, which is no replacement",
        ("low-dose naltrexone", "not a replacement"),
    ),
    # ---------------------------------------------------------------- what LDN is
    Fact(
        "what-is-ldn",
        "naltrexone was first made for opioid and alcohol dependence",
        ("first made", "opioids or alcohol"),
    ),
    Fact(
        "what-is-ldn",
        "the FDA approved naltrexone 50 mg for opioid and alcohol use disorder",
        ("fda", "50 mg", "opioid use disorder", "alcohol use disorder"),
    ),
    Fact("what-is-ldn", "the high dose blocks the high of heroin", ("blocks the pleasant effects", "heroin")),
    Fact("what-is-ldn", "RA patients are not interested in the high dose", ("not the one people with ra",)),
    Fact("what-is-ldn", "LDN is usually 1.5 to 4.5 mg", (r"1\.5 mg and 4\.5 mg",)),
    Fact(
        "what-is-ldn",
        "off-label: the FDA has not approved it for RA",
        ("off-label", "fda has not approved naltrexone to treat ra"),
    ),
    Fact("what-is-ldn", "off-label is legal but with less proof", ("legal", "less proof")),
    Fact(
        "what-is-ldn",
        "research in RA is very limited, no randomized trials",
        ("very limited", "no randomized trials", "ra"),
    ),
    Fact(
        "what-is-ldn", "most LDN studies are in other conditions", ("most studies of ldn", "other conditions")
    ),
    Fact(
        "what-is-ldn",
        "the main RA study is a Norwegian prescription-database study that calls for trials",
        ("prescription records", "norway", "raknes and småbrekke, 2019"),
    ),
    Fact(
        "what-is-ldn",
        "that study cannot show LDN works; its authors call for trials",
        ("cannot show that ldn works", "proper trials are needed"),
    ),
    Fact(
        "what-is-ldn",
        "people try it because of early studies and patient stories",
        ("early studies", "what patients say"),
    ),
    # ---------------------------------------------------------------- how it may work
    Fact("how-ldn-may-work", "how LDN works is not fully understood", ("no one fully understands",)),
    Fact("how-ldn-may-work", "even experts are unsure", ("experts are unsure",)),
    Fact(
        "how-ldn-may-work",
        "the ideas come from lab and early studies, not facts",
        ("lab studies", "early studies", "not facts"),
    ),
    Fact(
        "how-ldn-may-work",
        "it is thought to block opioid receptors briefly",
        ("opioid receptors", "thought to block", "short time"),
        within=60,
    ),
    Fact("how-ldn-may-work", "the brief block may set off something useful", ("cause harm", "useful")),
    Fact("how-ldn-may-work", "the body may answer with more endorphins", ("more endorphins",)),
    Fact(
        "how-ldn-may-work",
        "endorphins are natural pain relievers",
        ("endorphins are natural pain relievers",),
    ),
    Fact(
        "how-ldn-may-work",
        "more endorphins: feel better, less pain, perhaps less inflammation (unproven in RA)",
        ("feel better", "less pain", "inflammation may also go down", "not been proven"),
    ),
    Fact(
        "how-ldn-may-work",
        "LDN is thought to act on microglia, immune-like cells of the nervous system",
        ("thought to act on microglia", "nervous system", "like immune cells"),
    ),
    Fact(
        "how-ldn-may-work",
        "microglia can be overactive in long-term illness; lab studies suggest LDN calms them",
        ("long-term illness", "overactive", "lab studies suggest", "settle them down"),
    ),
    Fact(
        "how-ldn-may-work",
        "researchers think it may lower inflammation; much to learn",
        ("researchers think", "great deal to learn"),
    ),
    Fact("how-ldn-may-work", "not shown to slow joint damage", ("not been shown to slow joint damage",)),
    # ---------------------------------------------------------------- reported benefits and evidence
    Fact(
        "reported-benefits",
        "some turn to LDN when standard treatments fall short or cause side effects",
        ("standard treatments do not help enough", "side effects"),
    ),
    Fact("reported-benefits", "LDN can seem another option", ("another option",)),
    Fact(
        "reported-benefits",
        "reports come from patients and small studies, not proof",
        ("patients and small studies", "not proof"),
    ),
    Fact(
        "reported-benefits",
        "some people: less joint pain after a few weeks",
        ("less joint pain", "some people", "few weeks", "easier to live with"),
    ),
    Fact(
        "reported-benefits",
        "some sleep better; others sleep worse at first with an evening dose; morning helps",
        ("better sleep", "through the night", "trouble sleeping", "evening dose", "morning"),
        within=60,
    ),
    Fact("reported-benefits", "better mood via endorphins", ("better mood", "endorphins", "cheerful")),
    Fact(
        "reported-benefits",
        "fewer flares; a flare is a sudden worsening",
        ("fewer flares", "a flare is", "suddenly"),
    ),
    Fact(
        "reported-benefits",
        "the evidence is weak: no randomized trials in RA",
        ("weak", "no randomized trials", "ra"),
    ),
    Fact(
        "reported-benefits",
        "not shown to slow joint damage, so alongside RA medicines",
        ("not been shown to slow joint damage", "alongside", "not instead"),
    ),
    Fact(
        "reported-benefits", "not for everyone, no guarantee", ("do not happen for everyone", "no guarantee")
    ),
    Fact(
        "reported-benefits",
        "a lifeline for a few when nothing else worked",
        ("lifeline", "other treatments let them down"),
    ),
    # ---------------------------------------------------------------- who can and cannot take it
    Fact(
        "who-can-and-cannot-take-ldn",
        "adults may take it with a clinician's prescription, alongside RA medicines",
        ("adults", "clinician", "prescribes", "alongside"),
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "not for people on opioids or opioid treatment",
        ("not right for", "any opioid", "methadone or buprenorphine"),
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "not with acute hepatitis or liver failure",
        ("acute hepatitis or liver failure",),
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "not with an allergy to naltrexone",
        ("allergic reaction to naltrexone",),
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "not in pregnancy unless the clinician agrees",
        ("pregnant", "unless their clinician agrees"),
    ),
    Fact("who-can-and-cannot-take-ldn", "not under 18", ("under 18",)),
    Fact(
        "who-can-and-cannot-take-ldn",
        "every form of opioid counts, even now and then, patches, injections, implants, not prescribed, kratom",
        ("now and then", "patches", "injections", "implants", "not prescribed", "kratom"),
        within=60,
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "the washout: 7-10 days short-acting, 14 days methadone/buprenorphine, longer after patches",
        (
            "7 to 10 days",
            "short-acting",
            "at least 14 days",
            "methadone or buprenorphine",
            "longer after patches",
        ),
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "do not stop opioid treatment to take LDN",
        ("methadone or buprenorphine", "do not stop that treatment"),
    ),
    Fact(
        "who-can-and-cannot-take-ldn",
        "check first: liver or kidney disease, breastfeeding, planned surgery",
        ("check with your clinician first", "liver disease", "kidney disease", "breastfeeding", "surgery"),
    ),
    # ---------------------------------------------------------------- how and when to take it
    Fact("how-and-when-to-take-ldn", "once a day", ("once a day",)),
    Fact("how-and-when-to-take-ldn", "start low and go up slowly", ("start on a low dose", "go up slowly")),
    Fact(
        "how-and-when-to-take-ldn", "morning or evening", ("morning or in the evening", "same time each day")
    ),
    Fact(
        "how-and-when-to-take-ldn",
        "sleep trouble: take it in the morning",
        ("vivid dreams", "trouble sleeping", "morning often helps"),
    ),
    Fact(
        "how-and-when-to-take-ldn",
        "capsules or liquid from a compounding pharmacy",
        ("capsules or a liquid", "compounding pharmacy"),
    ),
    Fact(
        "how-and-when-to-take-ldn",
        "agree how long to try it before judging",
        ("few weeks", "agree with your clinician how long"),
    ),
    Fact(
        "how-and-when-to-take-ldn",
        "missed dose: skip it, never double",
        ("forget a dose", "skip the missed dose", "never take two doses"),
    ),
    Fact(
        "how-and-when-to-take-ldn",
        "stopping: tell the clinician; keep RA medicines",
        ("stop ldn", "tell your clinician", "keep taking those"),
    ),
    # ---------------------------------------------------------------- side effects
    Fact(
        "side-effects-and-safety",
        "usually well tolerated",
        ("well tolerated", "do not get strong side effects"),
    ),
    Fact(
        "side-effects-and-safety",
        "any medicine can have side effects",
        ("any medicine can cause side effects",),
    ),
    Fact("side-effects-and-safety", "tired at first", ("more tired", "first start")),
    Fact(
        "side-effects-and-safety",
        "vivid dreams or poor sleep, more with a late-evening dose",
        ("vivid dreams", "trouble sleeping", "late in the evening"),
    ),
    Fact("side-effects-and-safety", "side effects usually fade", ("usually fade", "gets used to")),
    Fact(
        "side-effects-and-safety",
        "what helps: a morning dose, starting low, a dose change",
        ("taking your dose in the morning", "low dose and going up slowly", "change your dose"),
        within=60,
    ),
    Fact(
        "side-effects-and-safety",
        "the low dose does not seem to strain the liver like 50 mg",
        ("50 mg", "liver", "does not seem to strain the liver"),
    ),
    Fact(
        "side-effects-and-safety",
        "does not seem to weaken the immune system much; infections",
        ("does not seem to weaken the immune system", "infections"),
    ),
    Fact(
        "side-effects-and-safety",
        "acute hepatitis or liver failure rules naltrexone out",
        ("acute hepatitis or liver failure", "must not take"),
    ),
    Fact(
        "side-effects-and-safety",
        "call 911 for a serious allergic reaction",
        ("call 911", "swell", "hard to breathe", "allergic reaction"),
    ),
    Fact(
        "side-effects-and-safety",
        "call 911 for opioid overdose after trying to get past the block",
        ("call 911", "get past the block", "breathing slowly"),
        within=80,
    ),
    Fact(
        "side-effects-and-safety",
        "see a doctor now for signs of liver trouble",
        ("call your doctor now", "yellow", "dark", "liver"),
    ),
    Fact("side-effects-and-safety", "crisis line for thoughts of self-harm", ("harming yourself", "988")),
    Fact(
        "side-effects-and-safety",
        "never with opioids: it blocks them and brings on withdrawal, which feels like flu",
        ("must not be taken with opioid", "blocks the effects of opioids", "withdrawal", "flu"),
    ),
    Fact(
        "side-effects-and-safety",
        "the washout before starting",
        ("7 to 10 days", "at least 14 days", "longer after patches"),
    ),
    Fact(
        "side-effects-and-safety",
        "tell any doctor, dentist or emergency team; plan surgery",
        ("tell any doctor, dentist", "emergency team", "naltrexone", "surgery"),
    ),
    Fact("side-effects-and-safety", "interactions and fit: talk to a doctor first", ("clinician",)),
    # ---------------------------------------------------------------- pregnancy and breastfeeding
    Fact(
        "pregnancy-and-breastfeeding",
        "not enough research in pregnancy",
        ("not enough research", "naltrexone", "pregnancy"),
    ),
    Fact(
        "pregnancy-and-breastfeeding",
        "tell the clinician if pregnant or trying",
        ("tell your clinician", "pregnant", "trying to get pregnant"),
    ),
    Fact(
        "pregnancy-and-breastfeeding",
        "small amounts pass into breast milk; talk to the clinician",
        ("small amounts", "breast milk", "breastfeeding", "talk to your clinician"),
    ),
    Fact(
        "pregnancy-and-breastfeeding",
        "methotrexate can harm an unborn baby; plan with the rheumatologist",
        ("harm an unborn baby", "methotrexate", "rheumatologist"),
        within=60,
    ),
    # ---------------------------------------------------------------- other medicines
    Fact(
        "ldn-with-other-medicines",
        "opioids in every form: pain medicines, patches, injections, cough and diarrhea medicines, kratom",
        ("tramadol", "fentanyl", "patches", "injections", "implants", "cough", "diarrhea", "kratom"),
        within=80,
    ),
    Fact(
        "ldn-with-other-medicines",
        "methadone and buprenorphine count",
        ("methadone and buprenorphine",),
    ),
    Fact(
        "ldn-with-other-medicines",
        "never overcome the block: fatal overdose",
        ("get past the block", "overdose", "kill"),
    ),
    Fact(
        "ldn-with-other-medicines",
        "no known major interactions with RA medicines; keep taking them",
        ("no major interactions", "ra medicines", "methotrexate", "keep taking them"),
    ),
    Fact(
        "ldn-with-other-medicines",
        "emergency pain relief: tell the team; non-opioid pain relief still works",
        ("emergency team", "naltrexone", "not opioids", "acetaminophen"),
        within=80,
    ),
    Fact(
        "ldn-with-other-medicines",
        "surgery needs a plan with the clinician",
        ("surgery", "stop ldn", "plan"),
    ),
    # ---------------------------------------------------------------- getting LDN
    Fact(
        "getting-ldn",
        "a prescription from a licensed clinician",
        ("prescription medicine", "licensed clinician"),
    ),
    Fact(
        "getting-ldn",
        "a compounding pharmacy makes it as capsules or liquid",
        ("compounding pharmacy", "capsules or a liquid"),
    ),
    Fact(
        "getting-ldn",
        "compounded medicines are not FDA-approved",
        ("compounded medicines are not approved by the fda",),
    ),
    Fact("getting-ldn", "the cost varies; ask for the monthly price", ("prices differ", "one month")),
    Fact("getting-ldn", "insurance rarely covers it", ("insurance rarely pays",)),
    # ---------------------------------------------------------------- common questions
    Fact("common-questions", "not a cure", ("not a cure", "will not make ra go away")),
    Fact(
        "common-questions",
        "does not replace RA medicines",
        ("replace my ra medicines", "alongside", "not instead"),
    ),
    Fact("common-questions", "no randomized trials", ("no randomized trials",)),
    Fact(
        "common-questions",
        "methotrexate: no known major interactions",
        ("methotrexate", "no major interactions"),
    ),
    Fact("common-questions", "opioids: no", ("tramadol", "blocks opioids", "withdrawal")),
    Fact("common-questions", "emergency pain relief", ("emergency", "tell the team", "naltrexone")),
    Fact("common-questions", "no high", ("not an opioid", "does not give a high")),
    Fact("common-questions", "insurance rarely", ("insurance", "rarely")),
    Fact(
        "common-questions",
        "pregnancy: ask first",
        ("pregnant or breastfeeding", "talk to your clinician first"),
    ),
    # ---------------------------------------------------------------- is it right for me
    Fact("is-ldn-right-for-me", "not a miracle cure", ("not a miracle cure",)),
    Fact("is-ldn-right-for-me", "will not make RA go away", ("will not make ra go away",)),
    Fact("is-ldn-right-for-me", "may not work for everyone", ("may not work for everyone",)),
    Fact(
        "is-ldn-right-for-me",
        "does not replace RA medicines",
        ("not been shown to slow joint damage", "does not replace"),
    ),
    Fact(
        "is-ldn-right-for-me",
        "worth exploring for side effects or too little relief",
        ("worth exploring", "side effects", "enough relief"),
    ),
    Fact("is-ldn-right-for-me", "the science is still catching up", ("not caught up",)),
    Fact(
        "is-ldn-right-for-me",
        "more research on how it helps and whom it helps most",
        ("more research is needed", "how ldn helps", "helps the most"),
    ),
    Fact(
        "is-ldn-right-for-me",
        "patient stories and small studies give hope",
        ("patient stories and small studies", "hope"),
    ),
    Fact("is-ldn-right-for-me", "hope can be enough for a first step", ("first step",)),
    Fact(
        "is-ldn-right-for-me",
        "if you have tried the usual treatments, talk with your doctor",
        ("tried the usual treatments", "talk with your doctor"),
    ),
    Fact("is-ldn-right-for-me", "a consultation can help decide", ("consultation can help",)),
    Fact("is-ldn-right-for-me", "it may be a gentle helper", ("gentle",)),
]

# What the clinical review found wrong with the old wording; no page may say it again.
MISSTATEMENTS = [
    (
        r"not (officially )?(been )?approved[^.]*\byet\b|have not yet approved",
        "approval is not merely pending",
    ),
    (r"another kind of stronger medicine|some people need stronger medicines", "DMARDs come first, not last"),
    (r"bigger burden than the good", "methotrexate side effects can often be eased"),
    (r"more and more people", "no data for a growing number"),
    (r"\bmany (people|of them) (say|report|have found)", "benefits are reported by some, not many"),
    (r"good news", "no cheering about safety"),
    (r"(^|[.!?] )ldn (calms|lowers|reduces|slows|protects)", "mechanisms and effects are not facts"),
    (r"at least 7 to 10 days after the last dose", "7-10 days is for short-acting opioids only"),
]

FACT_IDS = [f"{fact.page}: {fact.claim}" for fact in FACTS]


def word_positions(text: str, term: str) -> list[int]:
    """The word index at which each match of `term` starts in the one-space `text`."""
    return [text.count(" ", 0, match.start()) for match in re.finditer(term, text)]


def carries(text: str, fact: Fact) -> list[str]:
    """The terms missing from any window of fact.within words around the first term's uses."""
    anchors = word_positions(text, fact.terms[0])
    if not anchors:
        return list(fact.terms)
    best: list[str] = list(fact.terms[1:])
    for anchor in anchors:
        missing = [
            term
            for term in fact.terms[1:]
            if not any(abs(position - anchor) <= fact.within for position in word_positions(text, term))
        ]
        if len(missing) < len(best):
            best = missing
    return best


def test_the_table_covers_every_page():
    assert {fact.page for fact in FACTS} == set(BY_SLUG)


@pytest.mark.parametrize("fact", FACTS, ids=FACT_IDS)
def test_every_page_carries_its_facts(fact: Fact):
    assert fact.page in BY_SLUG, f"no page with slug {fact.page}"
    missing = carries(plain(BY_SLUG[fact.page]["body"]), fact)
    assert not missing, (
        f"page {fact.page!r} does not carry {fact.claim!r}: no {missing} within {fact.within} words "
        f"of {fact.terms[0]!r}"
    )


@pytest.mark.parametrize("slug", list(BY_SLUG))
@pytest.mark.parametrize(("pattern", "why"), MISSTATEMENTS, ids=[why for _, why in MISSTATEMENTS])
def test_no_page_repeats_a_corrected_misstatement(slug: str, pattern: str, why: str):
    match = re.search(pattern, plain(BY_SLUG[slug]["body"]))
    assert match is None, f"page {slug!r} says {match.group(0)!r}: {why}"


def test_withdrawal_is_described_once_in_the_glossary():
    definition = glossary.BY_SLUG["withdrawal"].definition.lower()
    for symptom in ("flu", "sweat", "ache", "cramps", "sick", "diarrhea", "anxious", "heartbeat"):
        assert symptom in definition


def test_carries_finds_terms_near_each_other_but_not_far_apart():
    text = "one two three alpha four five beta " + "filler " * 50 + "gamma"

    assert carries(text, Fact("p", "near", ("alpha", "beta"), within=5)) == []
    assert carries(text, Fact("p", "far", ("alpha", "gamma"), within=5)) == ["gamma"]
    assert carries(text, Fact("p", "absent", ("delta", "alpha"))) == ["delta", "alpha"]
