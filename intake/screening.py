"""What a medicine row names, and which safety flags a request raises. Decided here, nowhere else.

People copy names off pharmacy labels ("hydrocodone-acetaminophen 5-325 mg", "Percocet10/325",
"Tylenol No. 3", "APAP w/codeine"), write them in Spanish ("oxicodona") or misspell them
("oxycodon"). A row is cut into words (case, accents, punctuation, digits glued to letters and
"No." never hide a name) and every catalog name found in it, as a run of whole words, is a
match: a row naming two medicines matches both. A longer word that is one letter or two away
from a catalog name, and starts with the same letter, is a *possible* match: it raises its flag
like any other, and staff can clear it with a note.

The catalog is compiled once per process and again only when it changes (`catalog_changed()`,
called by the loader and the catalog admin), never on every submit.
"""

import re
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from rapidfuzz.distance import OSA

from intake.models import ConsultationRequest, Medicine, MedicineMatch, MedicineName

DrugClass = Medicine.DrugClass
How = MedicineMatch.How
UsePeriod = ConsultationRequest.UsePeriod

# --------------------------------------------------------------------------- words

_WITH = re.compile(r"\bw/")  # "APAP w/codeine"
_NUMBER_SIGN = re.compile(r"\bno\.?\s*(?=\d)")  # "Tylenol No. 3", "no3"
_NOT_A_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")  # hyphens, slashes, +, commas, (), #, …
_LETTERS_THEN_DIGITS = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")  # "Percocet10" -> "percocet 10"


def words(text: str) -> tuple[str, ...]:
    """The words of a name as the matching sees them: 'Percocet10/325' -> ('percocet', '10', '325')."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    plain = _NUMBER_SIGN.sub(" ", _WITH.sub(" ", plain))
    plain = _LETTERS_THEN_DIGITS.sub(" ", _NOT_A_LETTER_OR_DIGIT.sub(" ", plain))
    return tuple(plain.split())


# --------------------------------------------------------------------------- the compiled catalog

# Possible matches: only words at least this long, one edit away (two from 8 letters on).
FUZZY_MIN_LENGTH = 5
FUZZY_TWO_EDITS_FROM = 8


@dataclass(frozen=True)
class CatalogName:
    words: tuple[str, ...]
    name: str
    medicine_id: int
    generic: str
    drug_class: str
    is_brand: bool


@dataclass(frozen=True)
class Found:
    """One catalog medicine found in a row: the unsaved form of a MedicineMatch."""

    medicine_id: int
    generic: str
    drug_class: str
    matched_name: str
    written: str
    how: str

    @property
    def is_possible(self) -> bool:
        return self.how == How.POSSIBLE


class Catalog:
    def __init__(self, names: Iterable[CatalogName]) -> None:
        self.exact: dict[tuple[str, ...], list[CatalogName]] = defaultdict(list)
        # First letter -> {word: names}: possible matches are only looked for among single-word
        # names that start with the same letter as the word written.
        self.single_words: dict[str, dict[str, list[CatalogName]]] = defaultdict(lambda: defaultdict(list))
        for entry in names:
            if not entry.words:
                continue
            self.exact[entry.words].append(entry)
            if len(entry.words) == 1 and _fuzzy_candidate(entry.words[0]):
                self.single_words[entry.words[0][0]][entry.words[0]].append(entry)
        self.longest = max((len(key) for key in self.exact), default=0)

    def find(self, text: str) -> list[Found]:
        """Every catalog medicine the row names, each once, the surest match kept."""
        tokens = words(text)
        found: dict[int, Found] = {}
        covered: set[int] = set()

        def keep(entry: CatalogName, written: str, how: str) -> None:
            current = found.get(entry.medicine_id)
            candidate = Found(entry.medicine_id, entry.generic, entry.drug_class, entry.name, written, how)
            if current is None or _surer(candidate, current):
                found[entry.medicine_id] = candidate

        for size in range(min(self.longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                key = tokens[start : start + size]
                for entry in self.exact.get(key, ()):
                    keep(entry, " ".join(key), How.BRAND if entry.is_brand else How.GENERIC)
                    covered.update(range(start, start + size))
        # "Oxy Contin": two words that are one catalog name when joined.
        for start in range(len(tokens) - 1):
            joined = tokens[start] + tokens[start + 1]
            for entry in self.exact.get((joined,), ()):
                keep(
                    entry,
                    f"{tokens[start]} {tokens[start + 1]}",
                    How.BRAND if entry.is_brand else How.GENERIC,
                )
                covered.update((start, start + 1))
        for index, token in enumerate(tokens):
            if index in covered or not _fuzzy_candidate(token):
                continue
            for entry in self._possible(token):
                keep(entry, token, How.POSSIBLE)
        return sorted(found.values(), key=lambda item: (item.how == How.POSSIBLE, item.generic))

    def _possible(self, token: str) -> list[CatalogName]:
        candidates = self.single_words.get(token[0], {})
        entries: list[CatalogName] = []
        for word, names in candidates.items():
            allowed = 2 if min(len(word), len(token)) >= FUZZY_TWO_EDITS_FROM else 1
            if (
                abs(len(word) - len(token)) <= allowed
                and OSA.distance(token, word, score_cutoff=allowed) <= allowed
            ):
                entries.extend(names)
        return entries


def _fuzzy_candidate(word: str) -> bool:
    return word.isalpha() and len(word) >= FUZZY_MIN_LENGTH


def _surer(candidate: Found, current: Found) -> bool:
    """An exact match beats a possible one; among exact matches the longer name says more."""
    if candidate.is_possible != current.is_possible:
        return not candidate.is_possible
    return len(candidate.matched_name) > len(current.matched_name)


def compile_catalog() -> Catalog:
    """Every catalog name, in one query."""
    rows = MedicineName.objects.order_by().values_list(
        "name", "is_brand", "medicine_id", "medicine__generic_name", "medicine__drug_class"
    )
    return Catalog(
        CatalogName(words(name), name, medicine_id, generic, drug_class, is_brand)
        for name, is_brand, medicine_id, generic, drug_class in rows
    )


VERSION_KEY = "intake:catalog-version"
_compiled: tuple[object, Catalog] | None = None
_lock = threading.Lock()


def catalog_changed() -> None:
    """Call after the catalog changes: every process compiles it again on its next use."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def current_catalog() -> Catalog:
    """The compiled catalog, rebuilt only when its version in the shared cache has moved."""
    global _compiled
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    compiled = _compiled
    if compiled is not None and compiled[0] == version:
        return compiled[1]
    with _lock:
        catalog = compile_catalog()
        _compiled = (version, catalog)
    return catalog


# --------------------------------------------------------------------------- flags

# What a matched class means for the request. Everything else in the catalog raises nothing.
CLASS_FLAGS: dict[str, str] = {
    DrugClass.OPIOID: "flag_opioid",
    DrugClass.OPIOID_BLOCKER: "flag_opioid_blocker",
    # Only people who take opioids take these: their presence is a sign of opioid use.
    DrugClass.CONSTIPATION_BLOCKER: "flag_opioid",
}


def match_reason(match: Found | MedicineMatch) -> str:
    """Why a row raised its flag, as staff read it beside the row."""
    if isinstance(match, MedicineMatch):
        generic, drug_class = match.medicine.generic_name, match.medicine.drug_class
    else:
        generic, drug_class = match.generic, match.drug_class
    label = DrugClass(drug_class).label
    if match.how == How.POSSIBLE:
        return f"{label.upper()}? '{match.written}' is a possible misspelling of {generic} — check with the patient"
    if drug_class == DrugClass.CONSTIPATION_BLOCKER:
        return f"'{match.matched_name}' → {generic}: taken for constipation caused by opioids, a sign of opioid use"
    if match.matched_name.lower() == generic.lower():
        return f"{label.upper()} — matched '{match.matched_name}'"
    return f"{label.upper()} — matched '{match.matched_name}' → {generic}"


@dataclass(frozen=True)
class AnswerRule:
    """An answer on the form that raises a flag by itself."""

    question: str
    flag: str
    raises: Callable[[ConsultationRequest], bool]
    reason: Callable[[ConsultationRequest], str]


ANSWER_RULES: tuple[AnswerRule, ...] = (
    AnswerRule(
        "opioid_use",
        "flag_opioid",
        lambda c: bool(c.opioid_use),
        lambda c: "The patient answered yes: takes or has a prescription for an opioid",
    ),
    AnswerRule(
        "naltrexone_use",
        "flag_opioid_blocker",
        lambda c: c.naltrexone_use == UsePeriod.NOW,
        lambda c: "The patient answered that they take naltrexone now",
    ),
    AnswerRule(
        "ldn_use",
        "flag_opioid_blocker",
        lambda c: c.ldn_use == UsePeriod.NOW,
        lambda c: "The patient answered that they take low-dose naltrexone now",
    ),
    AnswerRule(
        "liver_disease",
        "flag_liver",
        lambda c: bool(c.liver_disease),
        lambda c: "The patient answered yes: liver disease, hepatitis or a liver blood test",
    ),
    AnswerRule(
        "kidney_disease",
        "flag_kidney",
        lambda c: bool(c.kidney_disease),
        lambda c: "The patient answered yes: kidney disease",
    ),
    AnswerRule(
        "pregnancy",
        "flag_pregnancy",
        lambda c: c.pregnancy not in ("", ConsultationRequest.Pregnancy.NO),
        lambda c: f"The patient answered: {c.get_pregnancy_display()}",
    ),
    AnswerRule(
        "naltrexone_allergy",
        "flag_allergy",
        lambda c: bool(c.naltrexone_allergy),
        lambda c: "The patient answered yes: allergic reaction to naltrexone, naloxone or nalmefene",
    ),
    AnswerRule(
        "planned_surgery",
        "flag_surgery",
        lambda c: bool(c.planned_surgery),
        lambda c: "The patient answered yes: surgery or dental work that may need opioids",
    ),
)


def raising_answers(consultation: ConsultationRequest) -> set[str]:
    """The questions whose answers raised a flag, to mark them where staff read them."""
    return {rule.question for rule in ANSWER_RULES if rule.raises(consultation)}


def _answer_reasons(consultation: ConsultationRequest) -> dict[str, list[str]]:
    reasons: dict[str, list[str]] = defaultdict(list)
    for rule in ANSWER_RULES:
        if rule.raises(consultation):
            reasons[rule.flag].append(rule.reason(consultation))
    return reasons


def flag_reasons(
    consultation: ConsultationRequest, matches: Iterable[Found | MedicineMatch]
) -> dict[str, list[str]]:
    """Every raised flag with its reasons, from the answers and the rows' (uncleared) matches."""
    reasons = _answer_reasons(consultation)
    for match in matches:
        if isinstance(match, MedicineMatch) and match.is_cleared:
            continue
        drug_class = match.medicine.drug_class if isinstance(match, MedicineMatch) else match.drug_class
        if flag := CLASS_FLAGS.get(drug_class):
            reasons[flag].append(match_reason(match))
    return dict(reasons)


def set_flags(
    consultation: ConsultationRequest, matches: Iterable[Found | MedicineMatch]
) -> dict[str, list[str]]:
    """Set the request's stored flags (what the queue filters on) from `flag_reasons`."""
    reasons = flag_reasons(consultation, matches)
    for field in ConsultationRequest.FLAG_FIELDS:
        setattr(consultation, field, field in reasons)
    return reasons


def flags_matching(consultation: ConsultationRequest) -> dict[str, list[str]]:
    """The reasons for a stored request, from its stored matches (for the admin and for checks)."""
    matches = MedicineMatch.objects.filter(row__request=consultation).select_related("medicine")
    return flag_reasons(consultation, matches)
