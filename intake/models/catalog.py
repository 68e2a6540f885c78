"""The medicine catalog: what the screening knows a name to be."""

from django.db import models
from django.db.models.functions import Lower


class Medicine(models.Model):
    """A catalog entry: one generic medicine, its class, and the names people know it by.

    Loaded from intake/data/medicines.toml (`manage.py load_catalog`); pharmacists add names in
    the admin. What a class means for safety is decided in intake/screening.py.
    """

    class DrugClass(models.TextChoices):
        CSDMARD = "csdmard", "Conventional DMARD"
        TNF_INHIBITOR = "tnf", "TNF inhibitor"
        OTHER_BIOLOGIC = "biologic", "Other biologic"
        JAK_INHIBITOR = "jak", "JAK inhibitor"
        CORTICOSTEROID = "steroid", "Corticosteroid"
        NSAID = "nsaid", "NSAID"
        ANALGESIC = "analgesic", "Other pain reliever"
        OPIOID = "opioid", "Opioid"
        OPIOID_BLOCKER = "blocker", "Opioid blocker"
        CONSTIPATION_BLOCKER = "pamora", "Opioid blocker for opioid-induced constipation"

    generic_name = models.CharField(max_length=80, unique=True)
    drug_class = models.CharField(max_length=20, choices=DrugClass)
    source = models.TextField(
        blank=True, help_text="Where the facts come from (FDA label on DailyMed, Orange Book, RxNorm)."
    )

    class Meta:
        ordering = ["generic_name"]

    def __str__(self) -> str:
        return self.generic_name


class MedicineName(models.Model):
    """A generic, brand or other name that maps to a catalog medicine ("Ultram" -> tramadol).

    A combination product has one name row per medicine it contains ("Suboxone" -> buprenorphine
    and "Suboxone" -> naloxone).
    """

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Spanish"

    medicine = models.ForeignKey(Medicine, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=80)
    is_brand = models.BooleanField(default=False)
    language = models.CharField(max_length=2, choices=Language, default=Language.ENGLISH)
    from_catalog_file = models.BooleanField(
        default=False,
        editable=False,
        help_text="Loaded from the reviewed catalog file; names added in the admin are never removed by a load.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "medicine", name="intake_medicinename_unique_lower_name_per_medicine"
            ),
        ]

    def __str__(self) -> str:
        return self.name
