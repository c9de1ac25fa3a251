"""Where the app writes what went wrong: data/kpa.log of the workspace, never over the screen."""

from __future__ import annotations

import logging

from kpa_local.workspace import Workspace

LOGGER_NAME = "kpa_local"


def log_to(workspace: Workspace) -> None:
    """Send the app's errors to the workspace's log file (once its data folder exists)."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.propagate = False
    path = workspace.log_file
    files = [handler for handler in logger.handlers if isinstance(handler, logging.FileHandler)]
    if any(handler.baseFilename == str(path.resolve()) for handler in files):
        return
    if not workspace.data_dir.is_dir():
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        return
    for handler in files:  # another workspace opened in the same process (tests): its file is closed
        handler.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.handlers = [handler]
