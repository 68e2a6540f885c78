"""What the screening reads in a medicine row: names as people copy them off pharmacy labels."""

import tomllib

import pytest

from intake import screening
from intake.catalog import CATALOG_FILE
from intake.models import MedicineMatch

pytestmark = pytest.mark.django_db

How = MedicineMatch.How


def found(text: str) -> dict[str, str]:
    """{generic: how} for every catalog medicine the row names."""
    return {item.generic: item.how for item in screening.current_catalog().find(text)}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Percocet10/325", ("percocet", "10", "325")),
        ("hydrocodone-acetaminophen 5-325 mg", ("hydrocodone", "acetaminophen", "5", "325", "mg")),
        ("Tylenol No. 3", ("tylenol", "3")),
        ("Tylenol no3", ("tylenol", "3")),
        ("APAP w/codeine", ("apap", "codeine")),
        ("acetaminophen-codeine #3", ("acetaminophen", "codeine", "3")),
        ("Codeína (jarabe)", ("codeina", "jarabe")),
        ("ibuprofen+famotidine, 800/26.6", ("ibuprofen", "famotidine", "800", "26", "6")),
        ("  OXYCODONE   HCl  ", ("oxycodone", "hcl")),
    ],
)
def test_labels_are_cut_into_words_whatever_the_punctuation_digits_accents_and_case(
    text: str, words: tuple[str, ...]
) -> None:
    assert screening.words(text) == words


@pytest.mark.parametrize(
    ("text", "generic", "how"),
    [
        ("hydrocodone-acetaminophen 5-325 mg", "hydrocodone", How.GENERIC),
        ("oxycodone-acetaminophen", "oxycodone", How.GENERIC),
        ("acetaminophen-codeine #3", "codeine", How.GENERIC),
        ("buprenorphine-naloxone", "buprenorphine", How.GENERIC),
        ("tramadol-acetaminophen", "tramadol", How.GENERIC),
        ("Percocet10/325", "oxycodone", How.BRAND),
        ("PERCOCET 5/325", "oxycodone", How.BRAND),
        ("Lortab 7.5", "hydrocodone", How.BRAND),
        ("Ultracet", "tramadol", How.BRAND),
        ("Endocet", "oxycodone", How.BRAND),
        ("Demerol", "meperidine", How.BRAND),
        ("meperidine 50 mg", "meperidine", How.GENERIC),
        ("Tylenol 3", "codeine", How.BRAND),
        ("Tylenol No. 3", "codeine", How.BRAND),
        ("Tylenol #4 at night", "codeine", How.BRAND),
        ("Sublocade monthly shot", "buprenorphine", How.BRAND),
        ("Brixadi weekly", "buprenorphine", How.BRAND),
        ("fentanyl patch 25 mcg", "fentanyl", How.GENERIC),
        ("Butrans patch", "buprenorphine", How.BRAND),
        ("Belbuca film", "buprenorphine", How.BRAND),
        ("promethazine w/ codeine syrup", "codeine", How.GENERIC),
        ("Lomotil", "diphenoxylate", How.BRAND),
        ("kratom capsules", "kratom", How.GENERIC),
        ("Oxy Contin 20", "oxycodone", How.BRAND),
        ("oxicodona 5 mg", "oxycodone", How.GENERIC),
        ("hidrocodona", "hydrocodone", How.GENERIC),
        ("codeína", "codeine", How.GENERIC),
    ],
)
def test_an_opioid_is_found_however_the_label_writes_it(text: str, generic: str, how: str) -> None:
    assert found(text).get(generic) == how


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("naltrexone 50 mg", "naltrexone"),
        ("Revia", "naltrexone"),
        ("Vivitrol injection", "naltrexone"),
        ("Contrave", "naltrexone"),
        ("LDN 4.5 mg", "naltrexone"),
        ("naltrexona en dosis bajas", "naltrexone"),
        ("Narcan nasal spray", "naloxone"),
        ("Lybalvi", "samidorphan"),
        ("Opvee", "nalmefene"),
    ],
)
def test_an_opioid_blocker_is_found_in_every_form(text: str, generic: str) -> None:
    assert generic in found(text)


def test_a_row_naming_two_medicines_records_both() -> None:
    assert found("ibuprofen and tramadol") == {"ibuprofen": How.GENERIC, "tramadol": How.GENERIC}


def test_a_combination_brand_records_every_catalog_medicine_in_it() -> None:
    assert found("Suboxone 8/2 film") == {"buprenorphine": How.BRAND, "naloxone": How.BRAND}
    assert found("Embeda") == {"morphine": How.BRAND, "naltrexone": How.BRAND}


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("oxycodon", "oxycodone"),
        ("oxicodone", "oxycodone"),
        ("percoset", "oxycodone"),
        ("hydrocodon", "hydrocodone"),
        ("vicoden", "hydrocodone"),
        ("tramadal", "tramadol"),
        ("codiene", "codeine"),
        ("fentanly patch", "fentanyl"),
        ("morfine", "morphine"),
        ("suboxon", "buprenorphine"),
        ("naltrexon", "naltrexone"),
    ],
)
def test_a_likely_misspelling_is_a_possible_match(text: str, generic: str) -> None:
    assert found(text).get(generic) == How.POSSIBLE


@pytest.mark.parametrize(
    "text",
    [
        "trazodone",  # one letter from nothing in the catalog; three from tramadol
        "Norvasc 5 mg",  # amlodipine, close to Norco
        "Lotrel",  # close to Lortab
        "hydroxyzine",  # close to hydrocodone
        "oxybutynin",
        "metformin",
        "Tylenol PM",
        "vitamin D 2000 IU",
        "fish oil",
        "actos",  # close to Actiq
        "nabumetone",  # an NSAID, close to nalbuphine
    ],
)
def test_a_common_medicine_that_is_not_an_opioid_is_never_read_as_one(text: str) -> None:
    flags = {
        screening.CLASS_FLAGS.get(item.drug_class) for item in screening.current_catalog().find(text)
    } - {None}
    assert flags == set()


def test_an_exact_name_wins_over_a_possible_one() -> None:
    assert found("oxycodone") == {"oxycodone": How.GENERIC}


def test_words_shorter_than_five_letters_are_never_guessed_at() -> None:
    assert found("Norc") == {}


def test_nothing_at_all_is_found_in_an_empty_or_unknown_row() -> None:
    assert found("") == {}
    assert found("the white pill") == {}


# --------------------------------------------------------------------------- Spanish


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("tramadol hydrochloride 50 mg", "clorhidrato de tramadol 50 mg"),
        ("codeine", "codeína"),
        ("codeine", "codeina"),
        ("acetaminophen with codeine", "paracetamol con codeína"),
        ("acetaminophen with codeine", "acetaminofén con codeína"),
        ("codeine cough syrup", "jarabe para la tos con codeína"),
        ("hydrocodone-acetaminophen", "hidrocodona con acetaminofén"),
        ("hydrocodone bitartrate", "bitartrato de hidrocodona"),
        ("oxycodone 5 mg", "oxicodona 5 mg"),
        ("oxycodone-acetaminophen", "oxicodona con paracetamol"),
        ("morphine sulfate", "sulfato de morfina"),
        ("hydromorphone", "hidromorfona"),
        ("fentanyl patch", "parche de fentanilo"),
        ("fentanyl", "fentanil"),
        ("methadone 10 mg", "metadona 10 mg"),
        ("buprenorphine-naloxone", "buprenorfina con naloxona"),
        ("meperidine", "petidina"),
        ("diphenoxylate and atropine", "difenoxilato con atropina"),
        ("opium tincture", "tintura de opio"),
        ("paregoric", "paregórico"),
        ("heroin", "heroína"),
        ("naltrexone", "naltrexona"),
        ("low dose naltrexone 4.5 mg", "naltrexona en dosis bajas 4.5 mg"),
        ("naloxone nasal spray", "naloxona en aerosol nasal"),
        ("methylnaltrexone", "metilnaltrexona"),
        ("methotrexate", "metotrexato"),
        ("hydroxychloroquine", "hidroxicloroquina"),
        ("ibuprofen", "ibuprofeno"),
        ("acetaminophen", "acetaminofeno"),
    ],
)
def test_a_spanish_name_finds_what_its_english_name_finds(english: str, spanish: str) -> None:
    catalog = screening.current_catalog()
    english_found = {(item.generic, item.drug_class) for item in catalog.find(english)}

    spanish_found = catalog.find(spanish)

    assert english_found, f"{english!r} finds nothing"
    assert english_found <= {(item.generic, item.drug_class) for item in spanish_found}
    assert all(not item.is_possible for item in spanish_found), spanish_found


def test_every_catalog_medicine_has_spanish_names_that_find_it() -> None:
    with CATALOG_FILE.open("rb") as handle:
        entries = tomllib.load(handle)["medicine"]

    for entry in entries:
        assert entry.get("es"), f"{entry['generic']}: no Spanish name (es = [...])"
        for name in entry["es"]:
            assert found(name).get(entry["generic"]) == How.GENERIC, (
                f"{name!r} does not find {entry['generic']}"
            )


@pytest.mark.parametrize(
    "text",
    [
        "cafeína",  # two letters from codeína, and too short for two: never a guess
        "paracetamol con cafeína",
        "trazodona",
        "metamizol",
        "loperamida",
        "dextrometorfano",
        "hidroxicina",
        "hidroclorotiazida",
        "jarabe para la tos",
        "parche de lidocaína",
        "una pastilla para dormir",
    ],
)
def test_a_spanish_medicine_that_is_not_an_opioid_is_never_read_as_one(text: str) -> None:
    flags = {
        screening.CLASS_FLAGS.get(item.drug_class) for item in screening.current_catalog().find(text)
    } - {None}
    assert flags == set()
