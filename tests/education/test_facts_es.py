"""Every fact of every English page, on its Spanish page: the same table, in Spanish key terms.

One Spanish entry for each English fact in tests/education/test_facts.py, under the same page and
claim (a test holds the two tables together, so a fact added in English needs its Spanish terms).
The terms (regular expressions, lower case, accents as written) must all appear within the same
window of words as in English. MISSTATEMENTS_ES is what the clinical review corrected, in Spanish.
"""

import re

import pytest

from education import glossary
from tests.education.test_content_es import BY_SLUG_ES
from tests.education.test_facts import FACTS, Fact, carries
from tests.education.text import plain
from welltopia import languages

F = Fact

FACTS_ES = [
    # ---------------------------------------------------------------- the overview and key facts
    F(
        "ldn-for-ra-overview",
        "LDN is popular lately and seen by some as promising",
        ("popular", "prometedora"),
    ),
    F("ldn-for-ra-overview", "RA is autoimmune and attacks the joints", ("autoinmune", "articulaciones")),
    F(
        "ldn-for-ra-overview",
        "key facts: the dose is 1.5-4.5 mg once a day",
        (r"1\.5 mg a 4\.5 mg", "una vez al día"),
    ),
    F(
        "ldn-for-ra-overview",
        "key facts: approved by the FDA at 50 mg for opioid and alcohol use disorder, off-label for RA",
        (
            "fuera de indicación",
            "fda",
            "50 mg",
            "trastorno por consumo de opioides",
            "trastorno por consumo de alcohol",
        ),
    ),
    F(
        "ldn-for-ra-overview",
        "key facts: no randomized trials in RA",
        ("muy poca investigación", "ningún ensayo aleatorizado", "ar"),
    ),
    F(
        "ldn-for-ra-overview",
        "key facts: not shown to slow joint damage; alongside RA medicines, not instead",
        ("no se ha demostrado que la ldn frene el daño", "junto con", "no en lugar de"),
    ),
    F(
        "ldn-for-ra-overview",
        "key facts: never with opioids",
        ("nunca tome ldn con un opioide", "abstinencia"),
    ),
    F(
        "ldn-for-ra-overview",
        "key facts: common side effects fade",
        ("sueños vívidos", "problemas para dormir", "cansancio", "desaparecer"),
    ),
    F(
        "ldn-for-ra-overview",
        "key facts: prescription, compounding pharmacy",
        ("receta", "farmacia de compuestos"),
    ),
    # ---------------------------------------------------------------- RA and its treatments
    F(
        "ra-and-todays-treatments",
        "RA is a long-term illness of the joints",
        ("larga duración", "articulaciones"),
    ),
    F("ra-and-todays-treatments", "RA is more than ordinary aches or stiffness", ("dolores", "rigidez")),
    F(
        "ra-and-todays-treatments",
        "RA is autoimmune: the immune system attacks the joints",
        ("autoinmune", "sistema inmunitario", "ataca sus articulaciones"),
    ),
    F("ra-and-todays-treatments", "RA causes pain and swelling", ("inflamación", "dolor e hinchazón")),
    F(
        "ra-and-todays-treatments",
        "RA can damage joints, more so if not caught early",
        ("daño", "no se detecta y se trata a tiempo"),
    ),
    F(
        "ra-and-todays-treatments",
        "many treatments built up over the years",
        ("muchos años", "vivir mejor"),
    ),
    F(
        "ra-and-todays-treatments",
        "DMARDs come first because they slow joint damage",
        ("fame", "primero", "frenan o detienen el daño"),
    ),
    F(
        "ra-and-todays-treatments",
        "methotrexate is the DMARD used most",
        ("metotrexato", "más se usa"),
    ),
    F(
        "ra-and-todays-treatments",
        "methotrexate does not work for everyone and its side effects can be hard",
        ("metotrexato", "no le funciona a todo el mundo", "efectos secundarios"),
    ),
    F(
        "ra-and-todays-treatments",
        "methotrexate side effects can often be eased: folic acid, dose, injection",
        ("efectos secundarios", "aliviar", "ácido fólico", "dosis", "inyección"),
    ),
    F(
        "ra-and-todays-treatments",
        "never stop methotrexate without the rheumatologist",
        ("nunca deje el metotrexato", "reumatólogo"),
        within=12,
    ),
    F(
        "ra-and-todays-treatments",
        "biologics and JAK inhibitors are newer, added when DMARDs are not enough",
        ("biológicos", "inhibidores de jak", "más nuevos", "fame solos"),
    ),
    F(
        "ra-and-todays-treatments",
        "JAK inhibitors are named",
        ("inhibidores de jak", "tofacitinib", "baricitinib", "upadacitinib"),
    ),
    F(
        "ra-and-todays-treatments",
        "biologics and JAK inhibitors are expensive and hard to get",
        ("cuestan mucho", "no siempre es fácil conseguirlos"),
    ),
    F(
        "ra-and-todays-treatments",
        "steroids calm inflammation quickly, for a short time",
        ("corticoides", "calman la inflamación", "poco tiempo"),
    ),
    F(
        "ra-and-todays-treatments",
        "NSAIDs ease pain and stiffness but do not stop damage",
        ("aine", "alivian el dolor y la rigidez", "no detienen el daño"),
    ),
    F(
        "ra-and-todays-treatments",
        "why cost and access matter",
        ("el costo y el acceso", "fuera de su alcance"),
    ),
    F(
        "ra-and-todays-treatments",
        "this is one reason people ask about LDN, which is no replacement",
        ("naltrexona en dosis bajas", "no reemplaza"),
    ),
    # ---------------------------------------------------------------- what LDN is
    F(
        "what-is-ldn",
        "naltrexone was first made for opioid and alcohol dependence",
        ("se creó primero", "opioides o del alcohol"),
    ),
    F(
        "what-is-ldn",
        "the FDA approved naltrexone 50 mg for opioid and alcohol use disorder",
        ("fda", "50 mg", "trastorno por consumo de opioides", "trastorno por consumo de alcohol"),
    ),
    F(
        "what-is-ldn",
        "the high dose blocks the high of heroin",
        ("bloquea los efectos placenteros", "heroína"),
    ),
    F("what-is-ldn", "RA patients are not interested in the high dose", ("no es la que les interesa",)),
    F("what-is-ldn", "LDN is usually 1.5 to 4.5 mg", (r"1\.5 mg y 4\.5 mg",)),
    F(
        "what-is-ldn",
        "off-label: the FDA has not approved it for RA",
        ("fuera de indicación", "la fda no ha aprobado la naltrexona para tratar la ar"),
    ),
    F("what-is-ldn", "off-label is legal but with less proof", ("legal", "menos pruebas")),
    F(
        "what-is-ldn",
        "research in RA is very limited, no randomized trials",
        ("muy poca investigación", "ningún ensayo aleatorizado", "ar"),
    ),
    F(
        "what-is-ldn",
        "most LDN studies are in other conditions",
        ("la mayoría de los estudios de la ldn", "otras enfermedades"),
    ),
    F(
        "what-is-ldn",
        "the main RA study is a Norwegian prescription-database study that calls for trials",
        ("registros de recetas", "noruega", "raknes y småbrekke, 2019"),
    ),
    F(
        "what-is-ldn",
        "that study cannot show LDN works; its authors call for trials",
        ("no puede demostrar que la ldn funcione", "hacen falta ensayos bien hechos"),
    ),
    F(
        "what-is-ldn",
        "people try it because of early studies and patient stories",
        ("primeros estudios", "lo que cuentan los pacientes"),
    ),
    # ---------------------------------------------------------------- how it may work
    F("how-ldn-may-work", "how LDN works is not fully understood", ("nadie entiende del todo",)),
    F("how-ldn-may-work", "even experts are unsure", ("los expertos tienen dudas",)),
    F(
        "how-ldn-may-work",
        "the ideas come from lab and early studies, not facts",
        ("estudios de laboratorio", "estudios iniciales", "no hechos"),
    ),
    F(
        "how-ldn-may-work",
        "it is thought to block opioid receptors briefly",
        ("receptores opioides", "se cree que", "poco tiempo"),
        within=60,
    ),
    F("how-ldn-may-work", "the brief block may set off something useful", ("hace daño", "útil")),
    F("how-ldn-may-work", "the body may answer with more endorphins", ("más endorfinas",)),
    F(
        "how-ldn-may-work",
        "endorphins are natural pain relievers",
        ("las endorfinas son analgésicos naturales",),
    ),
    F(
        "how-ldn-may-work",
        "more endorphins: feel better, less pain, perhaps less inflammation (unproven in RA)",
        ("sentirse mejor", "menos dolor", "la inflamación también podría bajar", "no se ha demostrado"),
    ),
    F(
        "how-ldn-may-work",
        "LDN is thought to act on microglia, immune-like cells of the nervous system",
        (
            "se cree que la ldn actúa sobre la microglía",
            "sistema nervioso",
            "como células del sistema inmunitario",
        ),
    ),
    F(
        "how-ldn-may-work",
        "microglia can be overactive in long-term illness; lab studies suggest LDN calms them",
        ("larga duración", "demasiado activa", "estudios de laboratorio sugieren", "calmarla"),
    ),
    F(
        "how-ldn-may-work",
        "researchers think it may lower inflammation; much to learn",
        ("los investigadores creen", "muchísimo por aprender"),
    ),
    F(
        "how-ldn-may-work",
        "not shown to slow joint damage",
        ("no se ha demostrado que la ldn frene el daño",),
    ),
    # ---------------------------------------------------------------- reported benefits and evidence
    F(
        "reported-benefits",
        "some turn to LDN when standard treatments fall short or cause side effects",
        ("los tratamientos habituales no les ayudan lo suficiente", "efectos secundarios"),
    ),
    F("reported-benefits", "LDN can seem another option", ("otra opción",)),
    F(
        "reported-benefits",
        "reports come from patients and small studies, not proof",
        ("pacientes y de estudios pequeños", "no es una prueba"),
    ),
    F(
        "reported-benefits",
        "some people: less joint pain after a few weeks",
        ("menos dolor en las articulaciones", "algunas personas", "unas semanas", "más fácil de llevar"),
    ),
    F(
        "reported-benefits",
        "some sleep better; others sleep worse at first with an evening dose; morning helps",
        ("dormir mejor", "toda la noche", "problemas para dormir", "dosis por la noche", "mañana"),
        within=60,
    ),
    F("reported-benefits", "better mood via endorphins", ("mejor estado de ánimo", "endorfinas", "animadas")),
    F(
        "reported-benefits",
        "fewer flares; a flare is a sudden worsening",
        ("menos brotes", "un brote es", "de repente"),
    ),
    F(
        "reported-benefits",
        "the evidence is weak: no randomized trials in RA",
        ("débiles", "ningún ensayo aleatorizado", "ar"),
    ),
    F(
        "reported-benefits",
        "not shown to slow joint damage, so alongside RA medicines",
        ("no se ha demostrado que la ldn frene el daño", "junto con", "no en lugar de"),
    ),
    F(
        "reported-benefits",
        "not for everyone, no guarantee",
        ("no les ocurren a todos", "ninguna garantía"),
    ),
    F(
        "reported-benefits",
        "a lifeline for a few when nothing else worked",
        ("salvavidas", "otros tratamientos les fallaron"),
    ),
    # ---------------------------------------------------------------- who can and cannot take it
    F(
        "who-can-and-cannot-take-ldn",
        "adults may take it with a clinician's prescription, alongside RA medicines",
        ("adultos", "médico", "receta", "junto con"),
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "not for people on opioids or opioid treatment",
        ("no es adecuada para", "cualquier opioide", "metadona o buprenorfina"),
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "not with acute hepatitis or liver failure",
        ("hepatitis aguda o insuficiencia hepática",),
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "not with an allergy to naltrexone",
        ("reacción alérgica a la naltrexona",),
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "not in pregnancy unless the clinician agrees",
        ("embarazadas", "a menos que su médico esté de acuerdo"),
    ),
    F("who-can-and-cannot-take-ldn", "not under 18", ("menores de 18",)),
    F(
        "who-can-and-cannot-take-ldn",
        "every form of opioid counts, even now and then, patches, injections, implants, not prescribed, kratom",
        ("de vez en cuando", "parches", "inyecciones", "implantes", "no le recetaron", "kratom"),
        within=60,
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "the washout: 7-10 days short-acting, 14 days methadone/buprenorphine, longer after patches",
        (
            "de 7 a 10 días",
            "acción corta",
            "al menos 14 días",
            "metadona o la buprenorfina",
            "más tiempo después de los parches",
        ),
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "do not stop opioid treatment to take LDN",
        ("metadona o buprenorfina", "no deje ese tratamiento"),
    ),
    F(
        "who-can-and-cannot-take-ldn",
        "check first: liver or kidney disease, breastfeeding, planned surgery",
        (
            "consulte primero con su médico",
            "enfermedad del hígado",
            "enfermedad de los riñones",
            "dando el pecho",
            "cirugía",
        ),
    ),
    # ---------------------------------------------------------------- how and when to take it
    F("how-and-when-to-take-ldn", "once a day", ("una vez al día",)),
    F(
        "how-and-when-to-take-ldn",
        "start low and go up slowly",
        ("empiezan con una dosis baja", "suben despacio"),
    ),
    F(
        "how-and-when-to-take-ldn",
        "morning or evening",
        ("por la mañana o por la noche", "misma hora cada día"),
    ),
    F(
        "how-and-when-to-take-ldn",
        "sleep trouble: take it in the morning",
        ("sueños vívidos", "problemas para dormir", "por la mañana suele ayudar"),
    ),
    F(
        "how-and-when-to-take-ldn",
        "capsules or liquid from a compounding pharmacy",
        ("cápsulas o en un líquido", "farmacia de compuestos"),
    ),
    F(
        "how-and-when-to-take-ldn",
        "agree how long to try it before judging",
        ("unas semanas", "acuerde con su médico cuánto tiempo"),
    ),
    F(
        "how-and-when-to-take-ldn",
        "missed dose: skip it, never double",
        ("se le olvida una dosis", "saltarse la dosis olvidada", "nunca tome dos dosis"),
    ),
    F(
        "how-and-when-to-take-ldn",
        "stopping: tell the clinician; keep RA medicines",
        ("dejar la ldn", "avísele a su médico", "siga tomándolos"),
    ),
    # ---------------------------------------------------------------- side effects
    F(
        "side-effects-and-safety",
        "usually well tolerated",
        ("suele tolerarse bien", "no tienen efectos secundarios fuertes"),
    ),
    F(
        "side-effects-and-safety",
        "any medicine can have side effects",
        ("cualquier medicamento puede causar efectos secundarios",),
    ),
    F("side-effects-and-safety", "tired at first", ("cansancio", "recién empieza")),
    F(
        "side-effects-and-safety",
        "vivid dreams or poor sleep, more with a late-evening dose",
        ("sueños vívidos", "problemas para dormir", "tarde por la noche"),
    ),
    F("side-effects-and-safety", "side effects usually fade", ("suelen desaparecer", "se acostumbra")),
    F(
        "side-effects-and-safety",
        "what helps: a morning dose, starting low, a dose change",
        ("tomar la dosis por la mañana", "dosis baja y subirla despacio", "le cambie la dosis"),
        within=60,
    ),
    F(
        "side-effects-and-safety",
        "the low dose does not seem to strain the liver like 50 mg",
        ("50 mg", "hígado", "no parece sobrecargar el hígado"),
    ),
    F(
        "side-effects-and-safety",
        "does not seem to weaken the immune system much; infections",
        ("tampoco parece debilitar mucho el sistema inmunitario", "infecciones"),
    ),
    F(
        "side-effects-and-safety",
        "acute hepatitis or liver failure rules naltrexone out",
        ("hepatitis aguda o insuficiencia hepática", "no deben tomar"),
    ),
    F(
        "side-effects-and-safety",
        "call 911 for a serious allergic reaction",
        ("llame al 911", "hinchan", "cuesta respirar", "reacción alérgica"),
    ),
    F(
        "side-effects-and-safety",
        "call 911 for opioid overdose after trying to get past the block",
        ("llame al 911", "superar el bloqueo", "respira despacio"),
        within=80,
    ),
    F(
        "side-effects-and-safety",
        "see a doctor now for signs of liver trouble",
        ("llame a su médico ahora", "amarillos", "oscura", "hígado"),
    ),
    F("side-effects-and-safety", "crisis line for thoughts of self-harm", ("hacerse daño", "988")),
    F(
        "side-effects-and-safety",
        "never with opioids: it blocks them and brings on withdrawal, which feels like flu",
        (
            "no se debe tomar con medicamentos opioides",
            "bloquea los efectos de los opioides",
            "abstinencia",
            "gripe",
        ),
    ),
    F(
        "side-effects-and-safety",
        "the washout before starting",
        ("de 7 a 10 días", "al menos 14 días", "más tiempo después de los parches"),
    ),
    F(
        "side-effects-and-safety",
        "tell any doctor, dentist or emergency team; plan surgery",
        ("dígale a todo médico, dentista", "equipo de emergencias", "naltrexona", "cirugía"),
    ),
    F("side-effects-and-safety", "interactions and fit: talk to a doctor first", ("médico",)),
    # ---------------------------------------------------------------- pregnancy and breastfeeding
    F(
        "pregnancy-and-breastfeeding",
        "not enough research in pregnancy",
        ("no hay suficiente investigación", "naltrexona", "embarazo"),
    ),
    F(
        "pregnancy-and-breastfeeding",
        "tell the clinician if pregnant or trying",
        ("dígale a su médico", "embarazada", "tratando de quedar embarazada"),
    ),
    F(
        "pregnancy-and-breastfeeding",
        "small amounts pass into breast milk; talk to the clinician",
        ("pequeñas cantidades", "leche materna", "dando el pecho", "hable con su médico"),
    ),
    F(
        "pregnancy-and-breastfeeding",
        "methotrexate can harm an unborn baby; plan with the rheumatologist",
        ("dañar a un bebé antes de nacer", "metotrexato", "reumatólogo"),
        within=60,
    ),
    # ---------------------------------------------------------------- other medicines
    F(
        "ldn-with-other-medicines",
        "opioids in every form: pain medicines, patches, injections, cough and diarrhea medicines, kratom",
        ("tramadol", "fentanilo", "parches", "inyecciones", "implantes", "tos", "diarrea", "kratom"),
        within=80,
    ),
    F(
        "ldn-with-other-medicines",
        "methadone and buprenorphine count",
        ("la metadona y la buprenorfina",),
    ),
    F(
        "ldn-with-other-medicines",
        "never overcome the block: fatal overdose",
        ("superar el bloqueo", "sobredosis", "matarle"),
    ),
    F(
        "ldn-with-other-medicines",
        "no known major interactions with RA medicines; keep taking them",
        (
            "ninguna interacción importante",
            "medicamentos habituales para la ar",
            "metotrexato",
            "siga tomándolos",
        ),
    ),
    F(
        "ldn-with-other-medicines",
        "emergency pain relief: tell the team; non-opioid pain relief still works",
        ("equipo de emergencias", "naltrexona", "no son opioides", "acetaminofén"),
        within=80,
    ),
    F(
        "ldn-with-other-medicines",
        "surgery needs a plan with the clinician",
        ("cirugía", "dejar la ldn", "plan"),
    ),
    # ---------------------------------------------------------------- getting LDN
    F(
        "getting-ldn",
        "a prescription from a licensed clinician",
        ("medicamento con receta", "médico con licencia"),
    ),
    F(
        "getting-ldn",
        "a compounding pharmacy makes it as capsules or liquid",
        ("farmacia de compuestos", "cápsulas o en un líquido"),
    ),
    F(
        "getting-ldn",
        "compounded medicines are not FDA-approved",
        ("los medicamentos que preparan estas farmacias no están aprobados por la fda",),
    ),
    F("getting-ldn", "the cost varies; ask for the monthly price", ("los precios cambian", "un mes")),
    F("getting-ldn", "insurance rarely covers it", ("el seguro médico casi nunca paga",)),
    # ---------------------------------------------------------------- common questions
    F("common-questions", "not a cure", ("no es una cura", "no va a hacer que la ar desaparezca")),
    F(
        "common-questions",
        "does not replace RA medicines",
        ("reemplazar mis medicamentos para la ar", "junto con", "no en lugar de"),
    ),
    F("common-questions", "no randomized trials", ("ningún ensayo aleatorizado",)),
    F(
        "common-questions",
        "methotrexate: no known major interactions",
        ("metotrexato", "ninguna interacción importante"),
    ),
    F("common-questions", "opioids: no", ("tramadol", "bloquea los opioides", "abstinencia")),
    F("common-questions", "emergency pain relief", ("emergencia", "dígale al equipo", "naltrexona")),
    F("common-questions", "no high", ("no es un opioide", "no produce euforia")),
    F("common-questions", "insurance rarely", ("seguro", "casi nunca")),
    F(
        "common-questions",
        "pregnancy: ask first",
        ("embarazada o dando el pecho", "hable primero con su médico"),
    ),
    # ---------------------------------------------------------------- is it right for me
    F("is-ldn-right-for-me", "not a miracle cure", ("no es una cura milagrosa",)),
    F("is-ldn-right-for-me", "will not make RA go away", ("no va a hacer que la ar desaparezca",)),
    F("is-ldn-right-for-me", "may not work for everyone", ("puede que no le funcione a todo el mundo",)),
    F(
        "is-ldn-right-for-me",
        "does not replace RA medicines",
        ("no se ha demostrado que frene el daño", "no reemplaza"),
    ),
    F(
        "is-ldn-right-for-me",
        "worth exploring for side effects or too little relief",
        ("valer la pena explorar", "efectos secundarios", "suficiente alivio"),
    ),
    F("is-ldn-right-for-me", "the science is still catching up", ("no se ha puesto al día",)),
    F(
        "is-ldn-right-for-me",
        "more research on how it helps and whom it helps most",
        ("hace falta más investigación", "cómo ayuda", "ayuda más"),
    ),
    F(
        "is-ldn-right-for-me",
        "patient stories and small studies give hope",
        ("lo que cuentan los pacientes y los estudios pequeños", "esperanza"),
    ),
    F("is-ldn-right-for-me", "hope can be enough for a first step", ("primer paso",)),
    F(
        "is-ldn-right-for-me",
        "if you have tried the usual treatments, talk with your doctor",
        ("probó los tratamientos habituales", "hablar con su médico"),
    ),
    F("is-ldn-right-for-me", "a consultation can help decide", ("una consulta puede ayudar",)),
    F("is-ldn-right-for-me", "it may be a gentle helper", ("suave",)),
]

# The clinical review's corrections (tests/education/test_facts.py MISSTATEMENTS), as Spanish says them.
MISSTATEMENTS_ES = [
    (
        r"todavía no (ha sido |está |fue )?aprobad|aún no (ha sido |está |fue )?aprobad",
        "approval is not merely pending",
    ),
    (
        r"otro tipo de medicamento más fuerte|necesitan medicamentos más fuertes",
        "DMARDs come first, not last",
    ),
    (r"más malo que bueno|pesan más que los beneficios", "methotrexate side effects can often be eased"),
    (r"cada vez más (personas|gente)|más y más (personas|gente)", "no data for a growing number"),
    (
        r"\bmuchas (personas|de ellas) (dicen|cuentan|han notado|han visto)",
        "benefits are reported by some, not many",
    ),
    (r"buenas noticias", "no cheering about safety"),
    (r"(^|[.!?] )la ldn (calma|baja|reduce|frena|protege)", "mechanisms and effects are not facts"),
    (r"al menos (de )?7 a 10 días después de la última dosis", "7-10 days is for short-acting opioids only"),
]

FACT_IDS = [f"{fact.page}: {fact.claim}" for fact in FACTS_ES]


def test_the_spanish_table_has_every_english_fact():
    assert [(fact.page, fact.claim, fact.within) for fact in FACTS_ES] == [
        (fact.page, fact.claim, fact.within) for fact in FACTS
    ]


@pytest.mark.parametrize("fact", FACTS_ES, ids=FACT_IDS)
def test_every_spanish_page_carries_its_facts(fact: Fact):
    missing = carries(plain(BY_SLUG_ES[fact.page]["body"], languages.SPANISH), fact)
    assert not missing, (
        f"Spanish page {fact.page!r} does not carry {fact.claim!r}: no {missing} within {fact.within} "
        f"words of {fact.terms[0]!r}"
    )


@pytest.mark.parametrize("slug", list(BY_SLUG_ES))
@pytest.mark.parametrize(("pattern", "why"), MISSTATEMENTS_ES, ids=[why for _, why in MISSTATEMENTS_ES])
def test_no_spanish_page_repeats_a_corrected_misstatement(slug: str, pattern: str, why: str):
    match = re.search(pattern, plain(BY_SLUG_ES[slug]["body"], languages.SPANISH))
    assert match is None, f"Spanish page {slug!r} says {match.group(0)!r}: {why}"


def test_withdrawal_is_described_once_in_the_spanish_glossary():
    definition = glossary.BY_SLUG_ES["withdrawal"].definition.lower()
    for symptom in ("gripe", "sudar", "dolores", "cólicos", "vómitos", "diarrea", "nervios", "corazón"):
        assert symptom in definition
