"""What logs and other outputs hold, to check that no patient data reaches them."""

import pytest


def logged_text(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Everything the captured log records could write anywhere: message, raw arguments, formatted text."""
    texts = [caplog.text]
    for record in caplog.records:
        texts += [record.getMessage(), str(record.msg), repr(record.args), record.exc_text or ""]
    return texts


def leaked(markers: list[str], texts: list[str]) -> list[str]:
    """The markers found in any of the texts (case-insensitive)."""
    return [marker for marker in markers if any(marker.lower() in text.lower() for text in texts)]
