"""Run in a fresh process: open kpa_local headless on a workspace, stop once the first screen is drawn,
and print the modules imported by then, one a line.

`python first_screen_probe.py WORKSPACE` opens it as at start (the sign-in screen over the dashboard).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(root: str) -> None:
    from kpa_local.tui.app import KpaApp
    from kpa_local.workspace import Workspace

    workspace = Workspace(Path(root))

    class FirstScreen(KpaApp):
        """Stops right after the first screen has been drawn."""

        def on_mount(self) -> None:  # Textual runs KpaApp.on_mount too (each class's handler is called)
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            self.exit(result=None)
            print("\n".join(sorted(sys.modules)), flush=True)

    FirstScreen(workspace, kpa_name=workspace.kpa_name()).run(headless=True, size=(120, 36))


if __name__ == "__main__":
    main(sys.argv[1])
