"""A separate process that issues invoices, for the numbering tests (run with `python -m`)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from kpa_local.services.issuing import issue_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.worker_keys import hold_test_keys


def main() -> None:
    """Issue the given drafts one after the other: `issue_worker WORKSPACE YYYY-MM-DD ID...`."""
    root, day, *ids = sys.argv[1:]
    hold_test_keys()
    context = open_workspace(Workspace(Path(root)), clock=lambda: date.fromisoformat(day))
    print("ready", flush=True)
    for document_id in ids:
        issue_document(context, int(document_id))
        print(document_id, flush=True)
    context.close()


if __name__ == "__main__":
    main()
