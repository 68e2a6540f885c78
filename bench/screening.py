"""How well the medicine screening catches opioids and opioid blockers, measured. Prints its numbers.

    .venv/bin/python bench/screening.py

Two labelled lists, written by hand from public sources (not generated from our catalog, so
the catalog is tested against them, not against itself):

* POSITIVES: opioid and opioid-blocker products as people write them on the form: generic
  names, US brands, the product titles on pharmacy labels (as DailyMed lists them,
  https://dailymed.nlm.nih.gov), combination strings, Spanish names, and common misspellings
  (the misspellings search engines and pharmacy sites correct, e.g. "oxycodon", "percoset").
* NEGATIVES: the most-prescribed US medicines that are not opioids or opioid blockers (the
  ClinCalc DrugStats "Top 300 drugs" list for 2022, built from the Medical Expenditure Panel
  Survey, https://clincalc.com/DrugStats/Top300Drugs.aspx), by generic and by common brand,
  plus the RA medicines and supplements patients list.

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
    # Spanish.
    "oxicodona", "hidrocodona", "codeína", "morfina", "metadona", "buprenorfina", "fentanilo", "hidromorfona",
    "tramadol 50 mg (para el dolor)", "jarabe con codeína", "meperidina",
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

    positives = OPIOID_POSITIVES + BLOCKER_POSITIVES
    missed = [text for text in positives if not flags_for(catalog, text)]
    negatives = TOP_300_NOT_OPIOIDS + RA_AND_OTHER_NOT_OPIOIDS
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
    print(f"positives: {len(positives)} ({len(OPIOID_POSITIVES)} opioid, {len(BLOCKER_POSITIVES)} blocker)")
    print(f"recall: {recall:.1f} %  ({possible} caught only as a possible misspelling)")
    for text in missed:
        print(f"  MISSED: {text!r}")
    print(f"negatives: {len(negatives)}  false positives: {len(false_positives)}")
    for text, mistaken in false_positives:
        print(f"  FALSE POSITIVE: {text!r} -> {', '.join(mistaken)}")
    print(
        f"screening a {len(request)}-row request: median {statistics.median(timings):.2f} ms, "
        f"p95 {statistics.quantiles(timings, n=20)[18]:.2f} ms"
    )


if __name__ == "__main__":
    main()
