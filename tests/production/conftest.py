"""The package we ship, built from this checkout and installed alone in a clean virtualenv,
shared by the tests of this folder (building and installing it once takes a while)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.shipped import Shipped, build_and_install


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    return build_and_install(tmp_path_factory.mktemp("shipped"))


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory far from the checkout: the installed package must not need it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder
