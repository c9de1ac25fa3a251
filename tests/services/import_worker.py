"""A separate process that imports a members file, for the tests of imports run at once (`python -m`)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from kpa_local.services.imports import import_members
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.worker_keys import hold_test_keys


def main() -> None:
    """`import_worker WORKSPACE YYYY-MM-DD FILE`: open, say ready, wait for a line, import, print the count."""
    root, day, file = sys.argv[1:]
    hold_test_keys()
    context = open_workspace(Workspace(Path(root)), clock=lambda: date.fromisoformat(day))
    print("ready", flush=True)
    sys.stdin.readline()
    report = import_members(context, Path(file))
    print(report.created, flush=True)
    context.close()


if __name__ == "__main__":
    main()
