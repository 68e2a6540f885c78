"""Seed the medicine catalog: RA medicines by class, and the opioids, with common US brand names.

Sources: Merck Manual professional table of RA medicines; naltrexone labelling and drug
references for the opioids (see shared/reference/medicines-and-safety.md).
"""

from django.db import migrations

CATALOG = {
    "csdmard": {
        "methotrexate": ["Trexall", "Rheumatrex", "Otrexup", "Rasuvo"],
        "leflunomide": ["Arava"],
        "sulfasalazine": ["Azulfidine", "Azulfidine EN-tabs"],
        "hydroxychloroquine": ["Plaquenil"],
    },
    "tnf": {
        "etanercept": ["Enbrel"],
        "adalimumab": ["Humira"],
        "infliximab": ["Remicade", "Inflectra", "Renflexis"],
        "certolizumab pegol": ["Cimzia"],
        "golimumab": ["Simponi"],
    },
    "biologic": {
        "abatacept": ["Orencia"],
        "rituximab": ["Rituxan"],
        "tocilizumab": ["Actemra"],
        "sarilumab": ["Kevzara"],
        "anakinra": ["Kineret"],
    },
    "jak": {
        "tofacitinib": ["Xeljanz", "Xeljanz XR"],
        "baricitinib": ["Olumiant"],
        "upadacitinib": ["Rinvoq"],
    },
    "steroid": {
        "prednisone": [],
        "prednisolone": [],
        "methylprednisolone": ["Medrol"],
    },
    "nsaid": {
        "ibuprofen": ["Advil", "Motrin"],
        "naproxen": ["Aleve", "Naprosyn"],
        "meloxicam": ["Mobic"],
        "celecoxib": ["Celebrex"],
        "diclofenac": ["Voltaren"],
        "aspirin": [],
    },
    "opioid": {
        "tramadol": ["Ultram", "ConZip"],
        "codeine": ["Tylenol with Codeine", "Tylenol #3"],
        "hydrocodone": ["Vicodin", "Norco", "Hysingla"],
        "oxycodone": ["OxyContin", "Roxicodone", "Percocet"],
        "morphine": ["MS Contin", "Kadian"],
        "hydromorphone": ["Dilaudid"],
        "oxymorphone": ["Opana"],
        "tapentadol": ["Nucynta"],
        "fentanyl": ["Duragesic"],
        "methadone": ["Dolophine", "Methadose"],
        "buprenorphine": ["Subutex", "Suboxone", "Zubsolv", "Butrans", "Belbuca"],
        "diphenoxylate": ["Lomotil"],
    },
}


def seed(apps, schema_editor):
    Medicine = apps.get_model("intake", "Medicine")
    MedicineName = apps.get_model("intake", "MedicineName")
    for drug_class, medicines in CATALOG.items():
        for generic, brands in medicines.items():
            medicine, _ = Medicine.objects.get_or_create(generic_name=generic, defaults={"drug_class": drug_class})
            MedicineName.objects.get_or_create(medicine=medicine, name=generic, defaults={"is_brand": False})
            for brand in brands:
                MedicineName.objects.get_or_create(medicine=medicine, name=brand, defaults={"is_brand": True})


def unseed(apps, schema_editor):
    Medicine = apps.get_model("intake", "Medicine")
    names = [generic for medicines in CATALOG.values() for generic in medicines]
    Medicine.objects.filter(generic_name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
