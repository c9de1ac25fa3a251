"""`kpa serve`: the same app in a browser tab, on this computer only (textual-serve).

Each visitor's tab runs its own `kpa open` on the workspace, which starts at the sign-in screen: a
browser tab grants nothing a terminal would not. The server listens on 127.0.0.1 alone, and its page
(web_page/app_index.html, in French) loads nothing from outside the computer: textual-serve's own page
asks Google for its font, this one takes the font textual-serve ships.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

LOOPBACK = "127.0.0.1"
PAGE = Path(__file__).resolve().parent / "web_page"


def app_command(workspace_root: Path) -> str:
    """The command a visitor's tab runs: this same kpa (the installed program, or this Python), on this KPA."""
    if getattr(sys, "frozen", False):
        parts = [sys.executable, "--workspace", str(workspace_root), "open"]
    else:
        parts = [sys.executable, "-m", "kpa_local", "--workspace", str(workspace_root), "open"]
    return subprocess.list2cmdline(parts) if os.name == "nt" else shlex.join(parts)


def serve(workspace_root: Path, port: int) -> None:
    """Serve the app on http://127.0.0.1:<port> until Ctrl+C."""
    from textual_serve.server import Server

    class LocalServer(Server):
        async def on_startup(self, app: web.Application) -> None:
            print(
                f"kpa_local est ouvert dans le navigateur à l'adresse {self.public_url} (sur cet ordinateur "
                "seulement ; chaque personne s'y connecte avec son compte). Ctrl+C pour arrêter.",
                flush=True,
            )

    LocalServer(app_command(workspace_root), host=LOOPBACK, port=port, title="kpa_local", templates_path=PAGE).serve()
