from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from kpa_local.tui.app import KpaApp
from kpa_local.tui.screens.member_detail import MemberDetailScreen
from kpa_local.tui.screens.member_form import MemberFormScreen
from kpa_local.tui.screens.members import MembersScreen
from kpa_local.tui.widgets.field import Field
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle


async def _type(pilot: Pilot[None], field_id: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field_id}", Input)
    widget.focus()
    await pilot.press(*text)


async def test_create_a_person_then_find_them_by_search(workspace: Workspace) -> None:
    app: KpaApp = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, MemberFormScreen)
        await _type(pilot, "last_name", "Benali")
        await _type(pilot, "first_name", "Aïcha")
        await _type(pilot, "entry_date", "02/09/2026")
        await _type(pilot, "birth_date", "14/07/1990")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MemberDetailScreen)
        assert "Aïcha BENALI" in str(app.screen.query_one("#person-name", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        await _type(pilot, "search", "aicha")
        await settle(pilot)
        table = app.screen.query_one("#members", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "BENALI Aïcha"
        await _type(pilot, "search", "x")
        await settle(pilot)
        assert table.row_count == 0
        assert "Personne ne correspond" in str(app.screen.query_one("#count", Static).render())


async def test_a_refused_save_explains_beside_the_field_and_keeps_what_was_typed(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await _type(pilot, "last_name", "Diallo")
        await _type(pilot, "first_name", "Mamadou")
        await _type(pilot, "birth_date", "03/11/2015")
        await _type(pilot, "entry_date", "01/09/2026")
        await _type(pilot, "email", "mamadou@")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MemberFormScreen)
        birth = screen.query_one("#field-birth_date", Field)
        assert birth.has_class("-invalid")
        assert "moins de 16 ans" in str(birth.query_one(".field-error", Static).render())
        assert screen.query_one("#field-email", Field).has_class("-invalid")
        assert not screen.query_one("#field-last_name", Field).has_class("-invalid")
        assert screen.query_one("#last_name", Input).value == "Diallo"
        assert screen.query_one("#email", Input).value == "mamadou@"
        assert "Rien n'est enregistré" in str(screen.query_one("#form-message", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(".dialog-title", Static).render() is not None
        await pilot.click("#choice-cancel")
        await settle(pilot)
        assert isinstance(app.screen, MemberFormScreen)
        assert app.screen.query_one("#first_name", Input).value == "Mamadou"


async def test_the_list_loads_a_window_at_a_time(demo_workspace: Workspace) -> None:
    from kpa_local.services.demo import fill_demo
    from kpa_local.services.workspaces import open_workspace

    context = open_workspace(demo_workspace)
    fill_demo(context, people=250, years=3, seed=3)
    context.close()
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MembersScreen)
        table = screen.query_one("#members", DataTable)
        assert table.row_count == 100 < screen.total
        table.focus()
        table.move_cursor(row=98)
        await settle(pilot)
        assert table.row_count == 200


async def test_the_section_menu_works_with_mouse_and_keyboard(workspace: Workspace) -> None:
    from kpa_local.tui.screens.dashboard import DashboardScreen
    from kpa_local.tui.widgets.section_menu import SectionMenu

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click(SectionMenu, offset=(5, 2))
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        menu = app.screen.query_one(SectionMenu)
        menu.focus()
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_the_activities_of_the_demo_are_listed_and_one_can_be_added(demo_workspace: Workspace) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#activities", DataTable)
        assert table.row_count == 6
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Friperie solidaire")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table.row_count == 7
        assert "6 activités en cours sur 7" in str(app.screen.query_one("#activities-count", Static).render())


async def test_the_import_screen_reads_the_sheet_it_is_told_of_a_workbook(workspace: Workspace, tmp_path: Path) -> None:
    from textual.widgets import Button

    from kpa_local.tui.screens.import_members import ImportMembersScreen
    from tests.exchange.test_members_workbooks import ROWS
    from tests.exchange.workbooks import write_xlsx

    book = write_xlsx(tmp_path / "membres.xlsx", {"Lisez-moi": (("Mode d'emploi",),), "Membres": ROWS})
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportMembersScreen)
        message = screen.query_one("#import-message", Static)
        await _type(pilot, "path", str(book))
        await pilot.press("enter")
        await settle(pilot)
        assert "Il manque des colonnes dans la feuille « Lisez-moi » de membres.xlsx" in str(message.render())
        await _type(pilot, "sheet", "Membres")
        await pilot.press("enter")
        await settle(pilot)
        shown = str(message.render())
        assert shown.startswith("Feuille lue : « Membres » (le classeur a aussi « Lisez-moi »). Vérification seulement")
        table = screen.query_one("#report", DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            "Élodie Lefèvre", "Mamadou Diallo", "Julie Lefebvre",
        ]  # fmt: skip
        assert not screen.query_one("#import", Button).disabled
        await pilot.click("#import")
        await settle(pilot)
        assert "Import terminé : 3 nouvelles personnes." in str(message.render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        assert app.screen.total == 2  # the list shows the people present: Julie left on 30/05/2025
