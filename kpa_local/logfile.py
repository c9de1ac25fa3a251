"""The workspace's log, data/kpa.log: errors are written there, never over the screen.

A log that cannot be written (a full or read-only disk, a file made unwritable) is given up
in silence: Python's own « --- Logging error --- » report, in English, must not reach the
person at the keyboard, and losing a log line must never stop the work.
"""

from __future__ import annotations

import logging

from kpa_local.workspace import Workspace

LOGGER = "kpa_local"


class QuietFileHandler(logging.FileHandler):
    """A log file opened at the first line written, whose failures stay silent."""

    def emit(self, record: logging.LogRecord) -> None:
        """Write one line; a file that cannot be opened or written loses the line, nothing more."""
        try:
            super().emit(record)
        except Exception:  # opening the file at the first line is outside logging's own guard
            self.handleError(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - the name logging calls
        """Drop the line that could not be written, in silence."""


def log_to(workspace: Workspace) -> None:
    """Send the app's errors to data/kpa.log of the workspace (to nowhere while data/ does not exist)."""
    logging.raiseExceptions = False  # no report on the terminal from any handler that fails
    logger = logging.getLogger(LOGGER)
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
    handler = QuietFileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    others = [kept for kept in logger.handlers if kept not in files and not isinstance(kept, logging.NullHandler)]
    logger.handlers = [*others, handler]
