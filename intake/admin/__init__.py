"""The staff side of intake in the Django admin: the queue, the catalog, the records."""

from intake.admin import catalog, outbox, records, requests  # noqa: F401  (each registers its ModelAdmins)
