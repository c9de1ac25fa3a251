"""Lists and records on a small screen: the least useful columns go first, cards stack, keys wrap between keys."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from kpa_local.tui.list_columns import ListColumn, fit_columns
from kpa_local.tui.screens.member_detail import MemberDetailScreen
from kpa_local.tui.screens.members import MembersScreen
from kpa_local.tui.widgets.key_line import wrapped
from kpa_local.tui.widgets.member_record import MemberRecord
from kpa_local.workspace import Workspace
from tests.tui.conftest import make_app, settle, settle_until
from tests.tui.test_fits_small_terminal import SCREENS

COLUMNS = (ListColumn("name", "Nom", 10, grows_to=20), ListColumn("a", "A", 8), ListColumn("b", "B", 8))


def test_columns_are_dropped_from_the_least_useful_and_the_name_takes_the_room_left() -> None:
    assert fit_columns(100, COLUMNS, ("a", "name", "b"), 1).keys == ("a", "name", "b")
    assert fit_columns(100, COLUMNS, ("a", "name", "b"), 1).rooms["name"] == 20
    narrow = fit_columns(25, COLUMNS, ("a", "name", "b"), 1)
    assert (narrow.keys, narrow.rooms["name"]) == (("a", "name"), 13)
    assert fit_columns(5, COLUMNS, ("name", "a", "b"), 1).keys == ("name",)  # the first is always there
    assert fit_columns(30, COLUMNS, ("name", "a", "b"), 1, needs={"a": 15}).keys == ("name", "a")


def test_a_column_is_as_wide_as_its_rows_and_the_room_it_leaves_goes_to_the_names() -> None:
    fit = fit_columns(40, COLUMNS, ("name", "a", "b"), 1, needs={"name": 18, "a": 3, "b": 4})
    assert fit.keys == ("name", "a", "b") and fit.rooms == {"name": 18, "a": 3, "b": 4}
    short = fit_columns(40, COLUMNS, ("name", "a", "b"), 1, needs={"name": 6, "a": 3, "b": 4})
    assert short.rooms["name"] == 6  # no wider than the longest name


def test_a_key_line_breaks_between_keys_never_inside_one() -> None:
    keys = [("Ctrl+N", "Nouvelle personne"), ("Ctrl+F", "Chercher"), ("Ctrl+O", "Importer")]
    lines = wrapped(keys, 50)
    assert lines == [keys[:2], keys[2:]]
    assert wrapped(keys, 200) == [keys]
    assert wrapped(keys, 0) == [keys]  # not drawn yet: one line


@pytest.mark.parametrize(
    ("size", "columns"),
    [((80, 24), ("name", "role", "entry")), ((120, 36), ("name", "role", "entry", "exit", "contract", "contract_end"))],
)
async def test_the_members_list_keeps_the_columns_it_has_room_for(
    demo_workspace: Workspace, size: tuple[int, int], columns: tuple[str, ...]
) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle_until(pilot, lambda: isinstance(app.screen, MembersScreen) and app.screen.table().row_count > 0)
        table = app.screen.query_one("#members", DataTable)
        assert tuple(str(column.key.value) for column in table.ordered_columns) == columns
        assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing to scroll sideways
        await pilot.resize_terminal(*((120, 36) if size == (80, 24) else (80, 24)))
        await settle_until(pilot, lambda: len(table.ordered_columns) != len(columns))
        assert table.row_count > 0 and table.cursor_row == 0


@pytest.mark.parametrize(("size", "stacked"), [((80, 24), True), ((120, 36), False)])
async def test_the_person_file_stacks_its_two_cards_on_a_small_screen(
    demo_workspace: Workspace, size: tuple[int, int], stacked: bool
) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=size) as pilot:
        await SCREENS["person file"](pilot)
        assert isinstance(app.screen, MemberDetailScreen)
        record = app.screen.query_one(MemberRecord)
        identity, profile = record.query_one("#identity"), record.query_one("#profile")
        assert record.has_class("-stacked") is stacked
        assert (profile.region.y >= identity.region.bottom) is stacked
        steps, consents = record.query_one("#steps"), record.query_one("#consents")
        assert (consents.region.y >= steps.region.bottom) is stacked
        assert all(line.count("Genre") <= 1 for line in str(profile.render()).splitlines())


def test_a_year_of_bars_fits_a_small_screen_with_every_other_month_named() -> None:
    from datetime import date

    from kpa_local.tui.widgets.bar_chart import COLUMN, NARROW_COLUMN, bar_lines

    year = tuple((date(2026, month, 1), month * 1000) for month in range(1, 13))
    wide, narrow = bar_lines(year, 4, COLUMN), bar_lines(year, 4, NARROW_COLUMN)
    assert max(len(line) for line in wide) <= 60 and wide[-1].split() == ["janv", "févr", "mars", "avr", "mai",
           "juin", "juil", "août", "sept", "oct", "nov", "déc"]  # fmt: skip
    assert max(len(line) for line in narrow) <= 48
    assert narrow[-1].split() == ["janv", "mars", "mai", "juil", "sept", "nov"]
    march = 2 * NARROW_COLUMN  # the third bar starts there
    assert narrow[-1].index("mars") == march and narrow[-2][march] != " " and narrow[-2][march - 1] == " "


async def test_a_section_taller_than_the_screen_scrolls_with_page_down_from_a_field(demo_workspace: Workspace) -> None:
    from textual.containers import Vertical
    from textual.widgets import Input

    app = make_app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await SCREENS["sharing preview"](pilot)
        body = app.screen.query_one("#body", Vertical)
        app.screen.query_one("#period", Input).focus()
        await settle(pilot)
        before = body.scroll_y
        assert before < body.max_scroll_y
        await pilot.press("pagedown")
        await settle(pilot)
        lower = body.scroll_y
        assert lower > before
        await pilot.press("pageup")
        await settle(pilot)
        assert body.scroll_y < lower


async def test_the_dashboard_counts_roles_in_the_plural_and_says_why_they_add_up_to_more(
    demo_workspace: Workspace,
) -> None:
    from textual.widgets import Static

    app = make_app(demo_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        people = app.screen.query_one("#people", Static)
        await settle_until(pilot, lambda: "personnes" in str(people.render()))
        text = str(people.render())
        counts = [int(line.split()[0]) for line in text.splitlines()[1:] if line.strip()[:1].isdigit()]
        present = int(text.split()[0])
        assert "Coopérant·es" in text  # the demo has many coopérant·es
        assert ("Certain·es ont deux rôles." in text) is (sum(counts) > present)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_person_file_tables_show_every_column_whole(demo_workspace: Workspace, size: tuple[int, int]) -> None:
    app = make_app(demo_workspace)
    async with app.run_test(size=size) as pilot:
        await SCREENS["person file"](pilot)
        assert isinstance(app.screen, MemberDetailScreen)
        for table in app.screen.query(".small-table").results(DataTable):
            assert table.virtual_size.width <= table.scrollable_content_region.width, table.id


def test_the_footer_names_keys_as_the_key_lines_do(workspace: Workspace) -> None:
    from textual.binding import Binding

    app = make_app(workspace)
    assert [app.get_key_display(Binding(key, "x", "y")) for key in ("ctrl+s", "escape", "f10")] == [
        "Ctrl+S", "Échap", "F10",
    ]  # fmt: skip
