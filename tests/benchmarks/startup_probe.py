"""Run in a fresh process: start an app headless, stop at a milestone, print the time and peak memory.

`python startup_probe.py bare` starts a bare Textual app (Header, Footer, empty DataTable);
`python startup_probe.py kpa WORKSPACE first-paint|figures` starts kpa_local on a workspace.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

START = time.perf_counter()


def _peak_mb() -> float:
    """Peak resident memory of this process.

    Linux keeps ru_maxrss across exec (it would count the parent's), so the kernel's
    high-water mark of this address space is read instead.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(milestone: str) -> None:
    elapsed = time.perf_counter() - START
    cpu = time.process_time()
    peak_mb = _peak_mb()
    print(f"{milestone} {elapsed:.4f} {peak_mb:.1f} {cpu:.4f}", flush=True)


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            _report("first-paint")
            self.exit()

    Bare().run(headless=True, size=(120, 36))


def kpa(workspace: str, milestone: str) -> None:
    """Milestones: first-paint, figures (dashboard filled), members (then the members list filled)."""
    from kpa_local.domain.accounts import Actor
    from kpa_local.tui.app import KpaApp
    from kpa_local.workspace import Workspace
    from tests.worker_keys import hold_test_keys

    hold_test_keys()  # the key a sign-in would have unwrapped
    space = Workspace(Path(workspace))
    kpa_name = space.kpa_name()

    from kpa_local.tui.screens.dashboard import DashboardScreen

    class FirstScreen(DashboardScreen):
        """Stops the clock at the first refresh, before the screen starts loading its figures."""

        def on_mount(self) -> None:
            if milestone == "first-paint":
                self.call_after_refresh(self.app._done)  # type: ignore[attr-defined]

    class Probe(KpaApp):
        MODES: ClassVar[dict[str, Any]] = {**KpaApp.MODES, "dashboard": FirstScreen}

        def on_mount(self) -> None:
            if milestone != "first-paint":
                self.set_interval(0.002, self._check_figures)

        def _check_figures(self) -> None:
            if self.current_mode == "members":
                table = self.screen.query("#members")
                if table and table.first().row_count:  # type: ignore[attr-defined]
                    self._done()
                return
            people = self.screen.query("#people")
            if people and not str(people.first().render()).startswith("Chargement"):
                if milestone == "figures":
                    self._done()
                elif self.current_mode != "members":
                    self.switch_mode("members")

        def _done(self) -> None:
            _report(milestone)
            self.exit()

    Probe(space, kpa_name=kpa_name, actor=Actor("Mesure", "coordination")).run(headless=True, size=(120, 36))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        kpa(sys.argv[2], sys.argv[3])
