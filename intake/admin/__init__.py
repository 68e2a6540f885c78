"""The staff side of intake in the Django admin: the queue, the catalog, the records."""

from intake.admin import (  # noqa: F401  (each registers its ModelAdmins)
    availability,
    catalog,
    outbox,
    records,
    requests,
    schedule,
)
