"""Opening a file (a PDF) with the computer's own viewer, on Windows, macOS or Linux."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def open_with_system(path: Path) -> bool:
    """Ask the system to show the file; False when no viewer could be started."""
    try:
        if sys.platform.startswith("win"):
            os.startfile(path)  # type: ignore[attr-defined]
            return True
        command = ["open", str(path)] if sys.platform == "darwin" else ["xdg-open", str(path)]
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True
