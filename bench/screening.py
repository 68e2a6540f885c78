"""How well the medicine screening catches opioids and opioid blockers, measured. Prints its numbers.

    .venv/bin/python bench/screening.py

Two labelled lists, written by hand from public sources (not generated from our catalog, so
the catalog is tested against them, not against itself):

* POSITIVES: opioid and opioid-blocker products as people write them on the form: generic
  names, US brands, the product titles on pharmacy labels (as DailyMed lists them,
  https://dailymed.nlm.nih.gov), combination strings, and common misspellings (the
  misspellings search engines and pharmacy sites correct, e.g. "oxycodon", "percoset"); and the
  same in Spanish (SPANISH_OPIOID_POSITIVES, SPANISH_BLOCKER_POSITIVES).
* NEGATIVES: the most-prescribed US medicines that are not opioids or opioid blockers (the
  ClinCalc DrugStats "Top 300 drugs" list for 2022, built from the Medical Expenditure Panel
  Survey, https://clincalc.com/DrugStats/Top300Drugs.aspx), by generic and by common brand,
  plus the RA medicines and supplements patients list; and the same in Spanish, by their
  Spanish INNs (the WHO's Denominaciones Comunes Internacionales), with the words Spanish rows
  use around a name ("jarabe para la tos", "parche de lidocaína").

It prints recall (positives flagged for opioid or blocker use), every miss, false positives
(negatives flagged) with what they were mistaken for, and how long screening a 30-row request
takes with the catalog compiled once. Goal: 100 % recall, 0 false positives, under 5 ms.
Nothing is asserted: the numbers are for the README and for changes to the matcher.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welltopia.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from intake import screening  # noqa: E402
from intake.catalog import read_catalog_file  # noqa: E402

# --------------------------------------------------------------------------- positives

OPIOID_POSITIVES = [
    # Generics and salts, as on labels.
    "tramadol", "Tramadol HCl 50 mg", "tramadol hydrochloride tablets 50 mg", "codeine", "codeine sulfate 30 mg",
    "hydrocodone", "hydrocodone bitartrate ER", "oxycodone", "oxycodone HCl 5 mg", "OxyCODONE IR",
    "morphine", "morphine sulfate ER 15 mg", "hydromorphone", "HYDROmorphone 2 mg", "oxymorphone",
    "tapentadol", "fentanyl", "fentanyl 25 mcg/hr patch", "fentanyl transdermal system", "methadone",
    "methadone 10 mg/mL oral concentrate", "buprenorphine", "buprenorphine HCl sublingual tablets",
    "meperidine", "levorphanol tartrate 2 mg", "butorphanol nasal spray", "nalbuphine", "pentazocine",
    "dihydrocodeine", "diphenoxylate and atropine", "opium tincture", "paregoric", "kratom", "heroin",
    "sufentanil", "oliceridine",
    # Combination label strings (DailyMed product titles, and how patients shorten them).
    "hydrocodone-acetaminophen 5-325 mg", "Hydrocodone Bitartrate and Acetaminophen Tablets USP 10 mg/325 mg",
    "hydrocodone/APAP 7.5/325", "hydrocodone-ibuprofen 7.5-200", "oxycodone-acetaminophen",
    "Oxycodone and Acetaminophen Tablets 5 mg/325 mg", "oxycodone/APAP 10/325", "oxycodone and aspirin",
    "acetaminophen-codeine #3", "acetaminophen and codeine phosphate tablets 300 mg/30 mg", "APAP w/codeine",
    "Tylenol 3", "Tylenol #3", "Tylenol No. 3", "Tylenol w/ codeine #4", "tramadol-acetaminophen",
    "tramadol/APAP 37.5/325", "buprenorphine-naloxone", "buprenorphine and naloxone sublingual film 8 mg/2 mg",
    "promethazine-codeine syrup", "promethazine w/ codeine", "guaifenesin-codeine", "benzhydrocodone-APAP",
    "butalbital, acetaminophen, caffeine and codeine", "carisoprodol, aspirin and codeine",
    "chlorpheniramine-hydrocodone ER suspension", "homatropine-hydrocodone syrup",
    # Brands.
    "Ultram", "ConZip", "Ultracet", "Seglentis", "Norco", "Norco 10/325", "Vicodin", "Vicodin ES", "Lortab",
    "Lorcet", "Xodol", "Verdrocet", "Vicoprofen", "Hysingla ER", "Zohydro ER", "Percocet", "Percocet10/325",
    "Endocet", "Roxicet", "Roxicodone", "OxyContin", "Xtampza ER", "Oxaydo", "RoxyBond", "Percodan",
    "Primlev", "Nalocet", "Prolate", "MS Contin", "Kadian", "Dilaudid", "Exalgo", "Opana", "Nucynta",
    "Nucynta ER", "Duragesic", "Actiq", "Fentora", "Abstral", "Subsys", "Dsuvia", "Demerol", "Dolophine",
    "Methadose", "Subutex", "Suboxone", "Suboxone film", "Zubsolv", "Bunavail", "Butrans", "Belbuca",
    "Buprenex", "Sublocade", "Sublocade monthly injection", "Brixadi", "Probuphine implant", "Stadol",
    "Talwin", "Lomotil", "Motofen", "Tussionex", "Hycodan", "Tuzistra XR", "Tuxarin ER", "Apadaz",
    "Fioricet with Codeine", "Robitussin AC", "Trezix", "Olinvyk",
    # Spanish: see SPANISH_OPIOID_POSITIVES.
    # Misspellings.
    "oxycodon", "oxicodone", "oxycodine", "oxycontine", "percoset", "percocett", "hydrocodon", "hydrocodeine",
    "vicoden", "vicadin", "tramadal", "tramdol", "codiene", "codine", "morfine", "morphin", "fentanly",
    "fentinyl", "dilaudad", "suboxon", "subuxone", "methadon", "norcos", "lortabs", "oxycotin",
]  # fmt: skip
BLOCKER_POSITIVES = [
    "naltrexone", "naltrexone 50 mg", "naltrexone HCl tablets", "low dose naltrexone 4.5 mg", "LDN 3 mg",
    "Revia", "Vivitrol", "Vivitrol injection monthly", "Contrave", "naltrexone-bupropion ER",
    "naltrexona", "naltrexona en dosis bajas", "naloxone", "Narcan", "Narcan nasal spray", "Kloxxado", "Zimhi",
    "nalmefene", "Opvee", "Zurnai", "Lybalvi", "olanzapine-samidorphan", "Relistor", "methylnaltrexone",
    "Movantik", "naloxegol", "Symproic", "naldemedine", "Entereg", "alvimopan", "naltrexon", "nalterxone",
    "Embeda", "Targiniq ER",
]  # fmt: skip

# Spanish, as Spanish-speaking patients write them: the WHO's Spanish INNs (Denominaciones Comunes
# Internacionales) and their salts, the combinations as Spanish labels and pharmacists say them
# ("paracetamol con codeína"), other names in use (fentanil, petidina, acetaminofén, paracetamol),
# accents left out, and misspellings one or two letters off.
SPANISH_OPIOID_POSITIVES = [
    "oxicodona", "oxicodona 5 mg", "clorhidrato de oxicodona", "oxicodona con paracetamol",
    "oxicodona con acetaminofén", "oxicodona de liberación prolongada", "hidrocodona",
    "bitartrato de hidrocodona", "hidrocodona con acetaminofén", "hidrocodona con ibuprofeno", "codeína",
    "codeina", "fosfato de codeína", "paracetamol con codeína", "acetaminofén con codeína",
    "acetaminofeno con codeina", "jarabe con codeína", "jarabe para la tos con codeína", "tramadol",
    "tramadol 50 mg (para el dolor)", "clorhidrato de tramadol 50 mg", "tramadol con paracetamol",
    "tramadol con acetaminofén", "morfina", "sulfato de morfina", "morfina de liberación prolongada",
    "hidromorfona", "oximorfona", "tapentadol", "fentanilo", "fentanil", "parche de fentanilo",
    "fentanilo en parche 25 mcg", "citrato de fentanilo", "metadona", "metadona 10 mg", "metadona líquida",
    "clorhidrato de metadona", "buprenorfina", "buprenorfina con naloxona", "buprenorfina sublingual",
    "parche de buprenorfina", "inyección mensual de buprenorfina", "meperidina", "petidina", "levorfanol",
    "butorfanol en aerosol nasal", "nalbufina", "pentazocina", "dihidrocodeína", "dihidrocodeina",
    "benzhidrocodona con paracetamol", "sufentanilo", "oliceridina", "difenoxilato con atropina", "opio",
    "tintura de opio", "paregórico", "paregorico", "elixir paregórico", "láudano", "laudano", "heroína",
    "heroina", "kratom en cápsulas",
    # Misspellings.
    "oxicodon", "oxicodina", "oxycodona", "hidrocodon", "hidrocodina", "hydrocodona", "morfin", "codeínna",
    "fentanylo", "metadón", "buprenorfin", "tramadól",
]  # fmt: skip
SPANISH_BLOCKER_POSITIVES = [
    "naltrexona", "naltrexona 50 mg", "clorhidrato de naltrexona", "naltrexona en dosis bajas",
    "naltrexona en dosis baja 4.5 mg", "naltrexona a dosis bajas", "dosis baja de naltrexona",
    "naltrexona con bupropión", "naloxona", "naloxona en aerosol nasal", "nalmefeno", "metilnaltrexona",
    "bromuro de metilnaltrexona", "naloxegol", "naldemedina", "alvimopán", "olanzapina con samidorfano",
    "naltrexon",
]  # fmt: skip

# --------------------------------------------------------------------------- negatives

TOP_300_NOT_OPIOIDS = [
    "atorvastatin", "Lipitor", "metformin", "Glucophage", "levothyroxine", "Synthroid", "lisinopril",
    "Zestril", "amlodipine", "Norvasc", "metoprolol", "Toprol XL", "Lopressor", "albuterol", "ProAir",
    "Ventolin", "omeprazole", "Prilosec", "losartan", "Cozaar", "gabapentin", "Neurontin",
    "hydrochlorothiazide", "sertraline", "Zoloft", "simvastatin", "Zocor", "montelukast", "Singulair",
    "escitalopram", "Lexapro", "rosuvastatin", "Crestor", "bupropion", "Wellbutrin", "furosemide", "Lasix",
    "pantoprazole", "Protonix", "trazodone", "Desyrel", "amphetamine-dextroamphetamine", "Adderall",
    "fluticasone", "Flonase", "tamsulosin", "Flomax", "fluoxetine", "Prozac", "carvedilol", "Coreg",
    "duloxetine", "Cymbalta", "clopidogrel", "Plavix", "citalopram", "Celexa", "insulin glargine", "Lantus",
    "potassium chloride", "Klor-Con", "pravastatin", "alprazolam", "Xanax", "cyclobenzaprine", "Flexeril",
    "amoxicillin", "methylphenidate", "Ritalin", "Concerta", "allopurinol", "Zyloprim", "venlafaxine",
    "Effexor", "clonazepam", "Klonopin", "norethindrone-ethinyl estradiol", "ergocalciferol", "zolpidem",
    "Ambien", "apixaban", "Eliquis", "glipizide", "lisinopril-hydrochlorothiazide", "spironolactone",
    "Aldactone", "atenolol", "buspirone", "lamotrigine", "Lamictal", "quetiapine", "Seroquel", "topiramate",
    "Topamax", "cetirizine", "Zyrtec", "estradiol", "warfarin", "Coumadin", "hydroxyzine", "Vistaril",
    "glimepiride", "propranolol", "famotidine", "Pepcid", "sitagliptin", "Januvia", "lorazepam", "Ativan",
    "amlodipine-benazepril", "Lotrel", "insulin lispro", "Humalog", "tizanidine", "Zanaflex", "clonidine",
    "dulaglutide", "Trulicity", "semaglutide", "Ozempic", "Wegovy", "Rybelsus", "empagliflozin", "Jardiance",
    "latanoprost", "loratadine", "Claritin", "folic acid", "valsartan", "Diovan", "cephalexin", "Keflex",
    "doxycycline", "azithromycin", "Zithromax", "lisdexamfetamine", "Vyvanse", "finasteride", "ondansetron",
    "Zofran", "mirtazapine", "Remeron", "diltiazem", "Cardizem", "insulin aspart", "Novolog", "levetiracetam",
    "Keppra", "oxybutynin", "valacyclovir", "Valtrex", "aripiprazole", "Abilify", "pioglitazone", "Actos",
    "fenofibrate", "methocarbamol", "Robaxin", "baclofen", "metronidazole", "Flagyl", "ciprofloxacin",
    "sumatriptan", "Imitrex", "hydralazine", "esomeprazole", "Nexium", "tiotropium", "Spiriva",
    "budesonide-formoterol", "Symbicort", "fluticasone-salmeterol", "Advair", "rivaroxaban", "Xarelto",
    "ezetimibe", "Zetia", "nifedipine", "donepezil", "Aricept", "risperidone", "paroxetine", "Paxil",
    "nortriptyline", "amitriptyline", "divalproex", "Depakote", "lithium", "olanzapine", "Zyprexa",
    "memantine", "Namenda", "ropinirole", "pramipexole", "benzonatate", "Tessalon", "guaifenesin", "Mucinex",
    "docusate", "polyethylene glycol", "Miralax", "magnesium oxide", "cyanocobalamin", "ferrous sulfate",
    "calcium carbonate", "levocetirizine", "fexofenadine", "Allegra", "mometasone", "azelastine", "timolol",
    "brimonidine", "nitrofurantoin", "Macrobid", "sulfamethoxazole-trimethoprim", "Bactrim", "clindamycin",
    "amoxicillin-clavulanate", "Augmentin", "cefdinir", "fluconazole", "Diflucan", "terbinafine", "acyclovir",
    "oseltamivir", "Tamiflu", "hydrocortisone cream", "mupirocin", "clobetasol", "tretinoin", "minocycline",
    "chlorthalidone", "bumetanide", "torsemide", "Demadex", "triamterene-hydrochlorothiazide", "olmesartan",
    "Benicar", "irbesartan", "telmisartan", "benazepril", "Lotensin", "enalapril", "ramipril", "nebivolol",
    "Bystolic", "bisoprolol", "labetalol", "verapamil", "isosorbide mononitrate", "nitroglycerin", "digoxin",
    "Lanoxin", "amiodarone", "flecainide", "sotalol", "dabigatran", "ticagrelor", "Brilinta", "cilostazol",
    "colchicine", "febuxostat", "alendronate", "Fosamax", "raloxifene", "denosumab", "Prolia", "testosterone",
    "medroxyprogesterone", "progesterone", "letrozole", "anastrozole", "tamoxifen", "dutasteride",
    "tadalafil", "Cialis", "sildenafil", "Viagra", "tolterodine", "solifenacin", "mirabegron", "Myrbetriq",
    "methimazole", "liothyronine", "Cytomel", "glyburide", "dapagliflozin", "Farxiga", "canagliflozin",
    "liraglutide", "Victoza", "tirzepatide", "Mounjaro", "linagliptin", "Tradjenta", "atomoxetine",
    "Strattera", "guanfacine", "modafinil", "temazepam", "Restoril", "diazepam", "Valium", "eszopiclone",
    "Lunesta", "promethazine", "Phenergan", "meclizine", "prochlorperazine", "metoclopramide", "Reglan",
    "dicyclomine", "hyoscyamine", "loperamide", "Imodium", "bisacodyl", "senna", "lactulose", "linaclotide",
    "Linzess", "sucralfate", "misoprostol", "mesalamine", "rifaximin", "ursodiol", "carbidopa-levodopa",
    "Sinemet", "benztropine", "haloperidol", "ziprasidone", "lurasidone", "Latuda", "paliperidone",
    "desvenlafaxine", "Pristiq", "vortioxetine", "Trintellix", "carbamazepine", "Tegretol", "oxcarbazepine",
    "Trileptal", "phenytoin", "Dilantin", "lacosamide", "Vimpat", "primidone", "pregabalin", "Lyrica",
    "rizatriptan", "Maxalt", "butalbital-acetaminophen-caffeine", "Fioricet", "carisoprodol", "Soma",
    "metaxalone", "Skelaxin", "lidocaine patch", "Lidoderm", "capsaicin cream", "nicotine patch",
    "varenicline", "Chantix", "disulfiram", "acamprosate", "sacubitril-valsartan", "Entresto",
    "losartan-hydrochlorothiazide", "hydrocortisone", "dexamethasone", "fludrocortisone", "prednisone 5 mg",
    "insulin detemir", "Levemir", "insulin degludec", "Tresiba", "umeclidinium-vilanterol", "Anoro",
    "Breo Ellipta", "Trelegy", "ipratropium-albuterol", "DuoNeb", "Combivent", "beclomethasone", "Qvar",
    "budesonide", "Pulmicort", "roflumilast", "Daliresp", "ketoconazole", "nystatin", "Norflex",
    "orphenadrine", "Ultravate", "Lotronex", "Periactin", "cyproheptadine", "naproxen-esomeprazole",
]  # fmt: skip
RA_AND_OTHER_NOT_OPIOIDS = [
    "methotrexate 15 mg weekly", "Trexall", "Otrexup", "Rasuvo", "leflunomide", "Arava", "sulfasalazine",
    "Azulfidine", "hydroxychloroquine", "Plaquenil", "azathioprine", "Imuran", "Humira", "adalimumab-atto",
    "Amjevita", "Hadlima", "Enbrel", "etanercept", "Remicade", "Inflectra", "Cimzia", "Simponi Aria",
    "Orencia", "Rituxan", "Actemra", "Kevzara", "Kineret", "Xeljanz XR", "Olumiant", "Rinvoq", "prednisone",
    "Medrol Dosepak", "Depo-Medrol injection", "Kenalog-40 joint injection", "ibuprofen 800",
    "Advil", "Motrin", "Aleve", "naproxen sodium", "meloxicam 15 mg", "Mobic", "celecoxib", "Celebrex",
    "diclofenac gel", "Voltaren", "aspirin 81 mg", "acetaminophen 500 mg", "Tylenol", "Tylenol Arthritis",
    "Tylenol PM", "Excedrin", "folic acid 1 mg", "vitamin D3 2000 IU", "fish oil", "turmeric", "glucosamine",
    "magnesium", "calcium with vitamin D", "probiotic", "melatonin", "CBD oil", "multivitamin", "B12 shot",
    "iron", "zinc", "CoQ10", "ashwagandha", "elderberry",
]  # fmt: skip


# The same kinds of medicine by their Spanish INNs (the Top 300's most prescribed, the RA
# medicines, supplements), and words a Spanish row uses around a name.
SPANISH_NOT_OPIOIDS = [
    "atorvastatina", "metformina", "metformina de liberación prolongada", "levotiroxina", "tiroxina",
    "lisinopril", "amlodipino", "amlodipina", "metoprolol", "salbutamol", "omeprazol", "losartán",
    "gabapentina", "hidroclorotiazida", "sertralina", "simvastatina", "montelukast", "escitalopram",
    "rosuvastatina", "bupropión", "furosemida", "pantoprazol", "trazodona", "fluticasona", "tamsulosina",
    "fluoxetina", "carvedilol", "duloxetina", "clopidogrel", "citalopram", "insulina glargina", "insulina",
    "cloruro de potasio", "pravastatina", "alprazolam", "ciclobenzaprina", "amoxicilina", "metilfenidato",
    "alopurinol", "venlafaxina", "clonazepam", "zolpidem", "apixabán", "glipizida", "espironolactona",
    "atenolol", "buspirona", "lamotrigina", "quetiapina", "topiramato", "cetirizina", "estradiol",
    "warfarina", "hidroxicina", "glimepirida", "propranolol", "famotidina", "ranitidina", "sitagliptina",
    "lorazepam", "tizanidina", "clonidina", "semaglutida", "loratadina", "valsartán", "cefalexina",
    "doxiciclina", "azitromicina", "ondansetrón", "mirtazapina", "diltiazem", "levetiracetam",
    "oxibutinina", "valaciclovir", "aripiprazol", "pioglitazona", "fenofibrato", "metocarbamol", "baclofeno",
    "metronidazol", "ciprofloxacino", "sumatriptán", "hidralazina", "esomeprazol", "ezetimiba", "nifedipino",
    "donepezilo", "risperidona", "paroxetina", "nortriptilina", "amitriptilina", "ácido valproico", "litio",
    "olanzapina", "memantina", "pregabalina", "loperamida", "metoclopramida", "prometazina", "enalapril",
    "captopril", "metamizol", "dipirona", "butilhioscina", "cafeína", "paracetamol con cafeína",
    "dextrometorfano", "jarabe para la tos", "guaifenesina", "ambroxol", "clorfenamina", "difenhidramina",
    "sucralfato", "oximetazolina", "fentermina", "mometasona", "budesonida", "hidrocortisona en crema",
    "parche de lidocaína", "parche de nicotina", "inyección de cortisona en la rodilla",
    "vacuna contra la gripe", "gotas para los ojos", "crema para el dolor",
    "una pastilla blanca para el dolor",
    # RA medicines and supplements.
    "metotrexato 15 mg cada semana", "metotrexato sódico", "ácido fólico 1 mg", "prednisona 5 mg",
    "metilprednisolona", "hidroxicloroquina", "leflunomida", "sulfasalazina", "ibuprofeno 400 mg",
    "naproxeno sódico", "diclofenaco en gel", "meloxicam", "celecoxib", "ketorolaco", "paracetamol 500 mg",
    "acetaminofén", "acetaminofeno", "aspirina 81 mg", "AAS 100 mg", "adalimumab", "etanercept",
    "tofacitinib", "upadacitinib", "baricitinib", "abatacept", "tocilizumab", "rituximab", "vitamina D",
    "vitamina B12", "complejo B", "aceite de pescado", "omega 3", "cúrcuma", "glucosamina", "condroitina",
    "calcio con vitamina D", "magnesio", "multivitamínico", "melatonina", "hierro", "zinc", "probióticos",
    "té de manzanilla", "árnica",
]  # fmt: skip


def compile_from_file() -> screening.Catalog:
    """The catalog as the reviewed file defines it, without a database."""
    names = []
    for medicine_id, entry in enumerate(read_catalog_file(), start=1):
        for name, is_brand, _language in entry.names:
            names.append(
                screening.CatalogName(
                    screening.words(name), name, medicine_id, entry.generic, entry.drug_class, is_brand
                )
            )
    return screening.Catalog(names)


def flags_for(catalog: screening.Catalog, text: str) -> set[str]:
    return {flag for found in catalog.find(text) if (flag := screening.CLASS_FLAGS.get(found.drug_class))}


def main() -> None:
    started = time.perf_counter()
    catalog = compile_from_file()
    compile_ms = (time.perf_counter() - started) * 1000

    spanish_positives = SPANISH_OPIOID_POSITIVES + SPANISH_BLOCKER_POSITIVES
    positives = OPIOID_POSITIVES + BLOCKER_POSITIVES + spanish_positives
    missed = [text for text in positives if not flags_for(catalog, text)]
    negatives = TOP_300_NOT_OPIOIDS + RA_AND_OTHER_NOT_OPIOIDS + SPANISH_NOT_OPIOIDS
    false_positives = [
        (
            text,
            [
                f"{found.generic} ({found.how})"
                for found in catalog.find(text)
                if screening.CLASS_FLAGS.get(found.drug_class)
            ],
        )
        for text in negatives
        if flags_for(catalog, text)
    ]
    possible = sum(
        1
        for text in positives
        if all(
            found.is_possible for found in catalog.find(text) if screening.CLASS_FLAGS.get(found.drug_class)
        )
        and flags_for(catalog, text)
    )

    request = (positives + negatives)[:: max(1, len(positives + negatives) // 30)][:30]
    timings = []
    for _ in range(200):
        start = time.perf_counter()
        for row in request:
            catalog.find(row)
        timings.append((time.perf_counter() - start) * 1000)

    recall = 100 * (len(positives) - len(missed)) / len(positives)
    print(f"catalog: {len(catalog.exact)} distinct names, compiled in {compile_ms:.1f} ms (once per process)")
    print(
        f"positives: {len(positives)} ({len(OPIOID_POSITIVES) + len(SPANISH_OPIOID_POSITIVES)} opioid, "
        f"{len(BLOCKER_POSITIVES) + len(SPANISH_BLOCKER_POSITIVES)} blocker; {len(spanish_positives)} in Spanish)"
    )
    print(f"recall: {recall:.1f} %  ({possible} caught only as a possible misspelling)")
    spanish_missed = [text for text in spanish_positives if text in missed]
    spanish_recall = 100 * (len(spanish_positives) - len(spanish_missed)) / len(spanish_positives)
    print(f"  of which Spanish: {spanish_recall:.1f} %")
    for text in missed:
        print(f"  MISSED: {text!r}")
    spanish_false = [text for text, _ in false_positives if text in SPANISH_NOT_OPIOIDS]
    print(
        f"negatives: {len(negatives)} ({len(SPANISH_NOT_OPIOIDS)} in Spanish)  false positives: "
        f"{len(false_positives)} ({len(spanish_false)} in Spanish)"
    )
    for text, mistaken in false_positives:
        print(f"  FALSE POSITIVE: {text!r} -> {', '.join(mistaken)}")
    print(
        f"screening a {len(request)}-row request: median {statistics.median(timings):.2f} ms, "
        f"p95 {statistics.quantiles(timings, n=20)[18]:.2f} ms"
    )


if __name__ == "__main__":
    main()
