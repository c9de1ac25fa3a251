"""Showing a file the app wrote (a PDF): the computer's own viewer, or a download in the browser tab.

Under `kpa serve` the app runs on the same computer as the browser (127.0.0.1 only), so the viewer would
open too; the browser is where the person is looking, and it offers the file as a download instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from enum import Enum
from pathlib import Path

from textual.app import App


class Shown(Enum):
    """How the person gets to see the file."""

    VIEWER = "viewer"  # the computer's viewer opens it
    DOWNLOAD = "download"  # the browser tab offers it as a download
    NOT_SHOWN = "not shown"  # neither: the person opens it from its folder


def open_with_system(path: Path) -> bool:
    """Ask the system to show the file or folder; False when no viewer could be started."""
    try:
        if sys.platform.startswith("win"):
            os.startfile(path)  # type: ignore[attr-defined]
            return True
        command = ["open", str(path)] if sys.platform == "darwin" else ["xdg-open", str(path)]
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True


def show_file(app: App[object], path: Path) -> Shown:
    """A file the person may keep (an invoice, a report): downloaded in a browser, else the viewer."""
    if app.is_web:
        app.deliver_binary(path, save_filename=path.name)
        return Shown.DOWNLOAD
    return Shown.VIEWER if open_with_system(path) else Shown.NOT_SHOWN


def shown_sentence(shown: Shown, path: Path) -> str:
    """What the person is told once the PDF is written: where it is, and where to look for it."""
    if shown is Shown.DOWNLOAD:
        return f"Le navigateur propose de télécharger le PDF ; il est aussi enregistré dans {path}."
    if shown is Shown.VIEWER:
        return f"Le PDF s'ouvre ; il est enregistré dans {path}."
    return f"Le PDF est enregistré dans {path} : ouvrez-le depuis ce dossier (aucun lecteur de PDF n'a pu s'ouvrir)."
