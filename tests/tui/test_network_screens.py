"""Pilot tests of Export réseau: the bundle read row by row, written after a question, then the network's figures."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Input, Static

from kpa_local.tui.screens.confirm import ConfirmScreen
from kpa_local.tui.screens.network_export import NetworkExportScreen
from kpa_local.tui.screens.network_figures import NetworkFiguresScreen
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until


async def test_the_bundle_is_shown_then_written_then_counted(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle_until(pilot, lambda: bool(app.screen.query(DataTable)))
        screen = app.screen
        assert isinstance(screen, NetworkExportScreen)
        summary = str(screen.query_one("#export-summary", Static).render())
        assert "kpa-roubaix-manau-2026Q3.zip" in summary and "au moins 3" in summary
        members = screen.query(DataTable).first()
        assert members.row_count == len(screen.bundle.rows["members.csv"]) - 1 > 0  # type: ignore[union-attr]
        codes = screen.query_one("#export-codes", Static)
        assert codes.display and codes.region.y < members.region.y  # said above the tables
        said = str(codes.render())
        assert "comme le réseau les lit" in said and "codes" in said and "point décimal" in said
        assert "nom en mots, puis son code" in said
        headings = [str(column.label) for column in members.ordered_columns]
        assert "Tranche d'âge\nage_band" in headings and "Pseudonyme\npid" in headings
        fields = screen.query_one("#manifest-fields", DataTable)
        assert ("taille minimale d'un groupe (k)", "privacy.k", "3") in [
            tuple(fields.get_row_at(index)) for index in range(fields.row_count)
        ]
        target = demo_workspace.exports_dir / "kpa-roubaix-manau-2026Q3.zip"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#no", Button).press()
        await settle(pilot)
        assert not target.exists()  # « Pas encore »: nothing written
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#yes", Button).press()
        await settle_until(pilot, target.exists)
        await settle(pilot)
        assert "Écrit" in str(screen.query_one("#export-summary", Static).render())
        await pilot.press("ctrl+r")
        await settle_until(pilot, lambda: isinstance(app.screen, NetworkFiguresScreen))
        await settle_until(pilot, lambda: "personnes" in str(app.screen.query_one("#network-state", Static).render()))
        assert app.screen.query_one("#folder", Input).value == str(demo_workspace.exports_dir)
        hints = " ".join(str(hint.render()) for hint in app.screen.query(".hint"))
        assert "<" not in hints and "fichiers kpa-… .zip envoyés par les KPA" in hints  # no <code>-<AAAA>Q<n>
        assert "1 KPA (roubaix-manau)" in str(app.screen.query_one("#network-state", Static).render())


async def test_the_question_names_its_keys_as_its_buttons(demo_workspace: Workspace) -> None:
    from kpa_local.tui.widgets.key_line import KeyLine

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        answers: list[bool | None] = []
        app.push_screen(ConfirmScreen("Écrire l'envoi ?", yes="Écrire l'envoi", no="Pas encore"), answers.append)
        await settle(pilot)
        assert "Échap Pas encore" in str(app.screen.query_one(KeyLine).render())
        await pilot.press("escape")
        await settle(pilot)
        assert answers == [False]
