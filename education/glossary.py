"""The words the education pages explain, each defined once.

A page never defines these by hand: the first time a page uses one, the word links to its
definition in the "Words used on this page" box under the page, and /learn/glossary/ lists them
all. Plain Python (no Django), so the content checks can measure the definitions too.

Each language has its own list (TERMS, TERMS_ES): the same words under the same slugs, so a
word's anchor (#word-dmard) is the same on the English and the Spanish page, each written and
matched as that language's pages write it.
"""

import functools
import re
from dataclasses import dataclass

from welltopia import languages


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str
    pattern: str
    """A regular expression for the word as pages write it (plural and other forms included)."""

    @property
    def anchor(self) -> str:
        return f"word-{self.slug}"

    @property
    def regex(self) -> re.Pattern[str]:
        return _whole_word(self.pattern)


@functools.cache
def _whole_word(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")


TERMS: tuple[Term, ...] = (
    Term(
        "autoimmune",
        "Autoimmune",
        "When the immune system attacks the body's own healthy parts by mistake. RA is an "
        "autoimmune disease: the immune system attacks the joints.",
        r"[Aa]utoimmune",
    ),
    Term(
        "inflammation",
        "Inflammation",
        "The way the body reacts to harm. It can bring heat, redness, swelling and pain. In RA, "
        "the immune system causes inflammation in the joints when there is no harm to fight.",
        r"[Ii]nflammation",
    ),
    Term(
        "flare",
        "Flare",
        "A spell when RA gets worse for a while, with more pain, swelling or stiffness than usual.",
        r"[Ff]lares?|[Ff]lare-ups?",
    ),
    Term(
        "nsaid",
        "NSAID",
        "Short for nonsteroidal anti-inflammatory drug, such as ibuprofen or naproxen. NSAIDs ease "
        "pain and stiffness. They do not slow down joint damage.",
        r"NSAIDs?",
    ),
    Term(
        "corticosteroid",
        "Corticosteroid (steroid)",
        "A medicine such as prednisone that calms inflammation fast. In RA it is mostly used for "
        "short spells, for example during a flare, because long use can cause side effects.",
        r"[Cc]orticosteroids?|[Ss]teroids?",
    ),
    Term(
        "dmard",
        "DMARD",
        "Short for disease-modifying antirheumatic drug. DMARDs calm the immune system's attack in "
        "RA, so they slow or stop damage to the joints. Methotrexate is the one used most.",
        r"DMARDs?",
    ),
    Term(
        "biologic",
        "Biologic",
        "A medicine made from living cells that blocks one part of the immune system. Biologics are "
        "given by injection or drip, often when a DMARD alone does not help enough.",
        r"[Bb]iologics?",
    ),
    Term(
        "jak-inhibitor",
        "JAK inhibitor",
        "A newer kind of RA medicine taken as a pill, such as tofacitinib, baricitinib or "
        "upadacitinib. It blocks signals inside immune cells.",
        r"JAK inhibitors?",
    ),
    Term(
        "opioid",
        "Opioid",
        "A strong kind of pain medicine, such as tramadol, codeine, oxycodone, morphine or fentanyl. "
        "Heroin is an opioid too, and so are methadone and buprenorphine, which treat opioid use. "
        "Naltrexone blocks opioids.",
        r"[Oo]pioids?",
    ),
    Term(
        "withdrawal",
        "Withdrawal",
        "How the body reacts when an opioid it is used to is suddenly gone or blocked. It can feel "
        "like a bad flu. You may sweat, shiver, yawn and have a runny nose. You may ache, have "
        "stomach cramps, be sick or have diarrhea. You may feel anxious or restless, with a fast "
        "heartbeat.",
        r"[Ww]ithdrawal",
    ),
    Term(
        "endorphins",
        "Endorphins",
        "Chemicals the body makes itself that ease pain and can lift your mood.",
        r"[Ee]ndorphins?",
    ),
    Term(
        "off-label",
        "Off-label",
        "When a doctor prescribes a medicine for a use or at a dose it is not approved for. This is "
        "legal and common, but there is less proof that it works and is safe for that use.",
        r"[Oo]ff-label",
    ),
    Term(
        "compounding-pharmacy",
        "Compounding pharmacy",
        "A pharmacy that makes a medicine to order. It can make a dose or form that drug companies "
        "do not sell, such as small LDN capsules or a liquid.",
        r"[Cc]ompounding pharmac(?:y|ies)|[Cc]ompounded",
    ),
)

# --------------------------------------------------------------------------- Spanish (español)

TERMS_ES: tuple[Term, ...] = (
    Term(
        "autoimmune",
        "Autoinmune",
        "Cuando el sistema inmunitario, que nos defiende, ataca por error partes sanas del cuerpo. "
        "En la AR, ataca las articulaciones.",
        r"[Aa]utoinmunes?",
    ),
    Term(
        "inflammation",
        "Inflamación",
        "La forma en que el cuerpo reacciona a un daño. Puede causar calor, enrojecimiento, hinchazón "
        "y dolor. En la AR, el sistema inmunitario causa inflamación en las articulaciones aunque no "
        "haya ningún daño que combatir.",
        r"[Ii]nflamaci[oó]n(?:es)?",
    ),
    Term(
        "flare",
        "Brote",
        "Un período en que la AR empeora por un tiempo, con más dolor, hinchazón o rigidez de lo normal.",
        r"[Bb]rotes?",
    ),
    Term(
        "nsaid",
        "AINE",
        "Sigla de antiinflamatorio no esteroideo, como el ibuprofeno o el naproxeno. Los AINE alivian "
        "el dolor y la rigidez. No frenan el daño a las articulaciones.",
        r"AINEs?",
    ),
    Term(
        "corticosteroid",
        "Corticoide (esteroide)",
        "Un medicamento, como la prednisona, que calma la inflamación rápido. En la AR se usa sobre "
        "todo por poco tiempo, por ejemplo durante un brote, porque usarlo mucho tiempo puede causar "
        "efectos secundarios.",
        r"[Cc]orticoides?|[Cc]orticosteroides?|[Ee]steroides?",
    ),
    Term(
        "dmard",
        "FAME",
        "Sigla de fármaco antirreumático modificador de la enfermedad. Los FAME calman el ataque del "
        "sistema inmunitario en la AR. Así frenan o detienen el daño a las articulaciones. El "
        "metotrexato es el que más se usa.",
        r"FAMEs?",
    ),
    Term(
        "biologic",
        "Biológico",
        "Un medicamento hecho a partir de células vivas que bloquea una parte del sistema "
        "inmunitario. Los biológicos se ponen con una inyección o por goteo en la vena, a menudo "
        "cuando un FAME solo no ayuda lo suficiente.",
        r"[Bb]iol[oó]gicos?",
    ),
    Term(
        "jak-inhibitor",
        "Inhibidor de JAK",
        "Un tipo más nuevo de medicamento para la AR. Se toma en pastillas, como el tofacitinib, el "
        "baricitinib o el upadacitinib. Bloquea señales dentro de las células de defensa del cuerpo.",
        r"[Ii]nhibidor(?:es)? de JAK",
    ),
    Term(
        "opioid",
        "Opioide",
        "Un tipo fuerte de medicamento para el dolor, como el tramadol, la codeína, la oxicodona, la "
        "morfina o el fentanilo. La heroína también es un opioide, y también lo son la metadona y la "
        "buprenorfina, que tratan el consumo de opioides. La naltrexona bloquea los opioides.",
        r"[Oo]pioides?",
    ),
    Term(
        "withdrawal",
        "Abstinencia",
        "Cómo reacciona el cuerpo cuando de repente le falta, o queda bloqueado, un opioide al que "
        "está acostumbrado. Puede sentirse como una gripe fuerte. Puede sudar, temblar de frío, "
        "bostezar y tener mocos. Puede tener dolores, cólicos de estómago, vómitos o diarrea. Puede "
        "sentir nervios o inquietud, con el corazón acelerado.",
        r"[Aa]bstinencia",
    ),
    Term(
        "endorphins",
        "Endorfinas",
        "Sustancias que produce el propio cuerpo. Alivian el dolor y pueden mejorar el ánimo.",
        r"[Ee]ndorfinas?",
    ),
    Term(
        "off-label",
        "Uso fuera de indicación",
        "Cuando un médico receta un medicamento para un uso o una dosis que no están aprobados. Es "
        "legal y común, pero hay menos pruebas de que funcione y sea seguro para ese uso.",
        r"(?:[Uu]so )?[Ff]uera de indicaci[oó]n",
    ),
    Term(
        "compounding-pharmacy",
        "Farmacia de compuestos (farmacia magistral)",
        "Una farmacia que prepara un medicamento a pedido. Puede hacer una dosis o una forma que los "
        "laboratorios no venden, como cápsulas pequeñas de LDN o un líquido.",
        r"[Ff]armacias? de compuestos|[Ff]armacias? magistral(?:es)?",
    ),
)

BY_LANGUAGE: dict[str, tuple[Term, ...]] = {languages.ENGLISH: TERMS, languages.SPANISH: TERMS_ES}

BY_SLUG = {term.slug: term for term in TERMS}
BY_SLUG_ES = {term.slug: term for term in TERMS_ES}


def terms(language: str = languages.DEFAULT) -> tuple[Term, ...]:
    """The glossary in a language, in the order the glossary page lists it."""
    return BY_LANGUAGE[language]


# Link text and link targets are left alone: a word inside an existing link is not linked again.
_EXISTING_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")


def link_first_uses(markdown: str, language: str = languages.DEFAULT) -> tuple[str, list[Term]]:
    """Link the first use of each glossary word in body text (not headings, not inside links),
    with the glossary of the page's language.

    Returns the Markdown with those links added and the words used, in order of first use.
    """
    used: list[Term] = []
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        lines[index] = _link_line(line, used, terms(language))
    return "\n".join(lines), used


def _link_line(line: str, used: list[Term], glossary: tuple[Term, ...]) -> str:
    # Work through the line's text between existing links, earliest match first.
    protected = [match.span() for match in _EXISTING_LINK.finditer(line)]
    while True:
        best: tuple[int, int, Term] | None = None
        for term in glossary:
            if term in used:
                continue
            for match in term.regex.finditer(line):
                start, end = match.span()
                if any(a <= start < b for a, b in protected):
                    continue
                if best is None or start < best[0]:
                    best = (start, end, term)
                break
        if best is None:
            return line
        start, end, term = best
        link = f"[{line[start:end]}](#{term.anchor})"
        line = line[:start] + link + line[end:]
        protected = [match.span() for match in _EXISTING_LINK.finditer(line)]
        used.append(term)
