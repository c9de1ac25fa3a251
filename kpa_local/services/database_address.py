"""The address of the KPA's database as the settings give it: `[database] url`, or KPA_DATABASE_URL."""

from __future__ import annotations

import os

from kpa_local.config import Settings
from kpa_local.workspace import Workspace

ENVIRONMENT = "KPA_DATABASE_URL"


def configured_url(workspace: Workspace, settings: Settings) -> str:
    """The address written in the settings or in KPA_DATABASE_URL, empty for the workspace's own file."""
    del workspace  # the same for every workspace: the variable, else the settings
    return os.environ.get(ENVIRONMENT, "").strip() or settings.database.url.strip()


def from_environment() -> bool:
    """Whether KPA_DATABASE_URL gives the address (then no settings file is changed to follow it)."""
    return bool(os.environ.get(ENVIRONMENT, "").strip())
