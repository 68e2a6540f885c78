"""The medicine catalog in the admin: clinicians (a pharmacist on the staff) add names.

A name saved here is used by the very next submission: saving tells the screening that the
catalog changed. Names loaded from the reviewed file can be seen here; the file stays the
source for them (intake/data/medicines.toml).
"""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from intake import screening
from intake.models import Medicine, MedicineName


class MedicineNameInline(admin.TabularInline):
    model = MedicineName
    extra = 1
    fields = ["name", "is_brand", "language", "from_catalog_file"]
    readonly_fields = ["from_catalog_file"]


@admin.register(Medicine)
class MedicineAdmin(admin.ModelAdmin):
    list_display = ["generic_name", "drug_class", "name_count"]
    list_filter = ["drug_class"]
    search_fields = ["generic_name", "names__name"]
    fields = ["generic_name", "drug_class", "source"]
    inlines = [MedicineNameInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(name_total=Count("names"))

    @admin.display(description="Names", ordering="name_total")
    def name_count(self, obj: Medicine) -> int:
        return obj.name_total

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        screening.catalog_changed()

    def delete_model(self, request: HttpRequest, obj: Medicine) -> None:
        super().delete_model(request, obj)
        screening.catalog_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        super().delete_queryset(request, queryset)
        screening.catalog_changed()
