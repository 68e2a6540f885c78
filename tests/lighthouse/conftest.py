"""Lighthouse runs take minutes, so they run only when asked for: `pytest -m lighthouse`."""

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "lighthouse" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="Lighthouse runs only when selected: pytest -m lighthouse")
    for item in items:
        if item.get_closest_marker("lighthouse"):
            item.add_marker(skip)
