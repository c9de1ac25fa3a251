"""Membres: the list, searched as you type, filtered and sorted, loaded a window at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from kpa_local.domain.codes import CONTRACT_KINDS, ROLES, label
from kpa_local.services.access import Permission, allows
from kpa_local.services.views import MemberQuery, MembersPage
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.screens.paged_list import PAGE_SIZE, PagedListScreen
from kpa_local.tui.widgets.member_record import MemberRecord
from kpa_local.tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from kpa_local.services import members
else:
    members = deferred("kpa_local.services.members")

STATUSES = (("Dans la KPA", "present"), ("Sorti·es", "left"), ("Tout le monde", "all"))
SORTS = (("Par nom", "name"), ("Par entrée", "entry"), ("Par sortie", "exit"), ("Par fin de contrat", "contract_end"))


class MembersScreen(PagedListScreen):
    """The people of the KPA."""

    MODE = "members"
    SUB_TITLE = "Membres"
    TABLE_ID = "members"
    NOUN = "personne"
    SHOWN = "affichée"
    EMPTY = "Personne ne correspond : changez la recherche ou les filtres."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_member", "Nouvelle personne", id="members.new"),
        Binding("ctrl+f", "focus_search", "Chercher", id="members.search"),
        Binding("ctrl+o", "import_members", "Importer", id="members.import"),
        Binding("ctrl+d", "personal_data", "Mes données", id="members.own_data"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.own_record: int | None = None  # a coopérant·e sees only their own record here
        self.own_only = False

    def compose_body(self) -> ComposeResult:
        actor = getattr(self.app, "actor", None)
        if actor is not None and not allows(actor.role, Permission.READ_MEMBERS):
            yield from self._compose_own_record(actor.person_id)
            return
        yield Static("Membres", classes="section-title")
        with Horizontal(id="search-row"):
            yield SearchBox("Chercher un nom, un e-mail, un téléphone, une ville…", "members")
            yield Checkbox("Fin de contrat proche", id="ending")
        with Horizontal(id="filters"):
            yield Select(STATUSES, value="present", allow_blank=False, id="status")
            yield Select([(title, code) for code, title in ROLES.items()], prompt="Tous les rôles", id="role")
            yield Select(SORTS, value="name", allow_blank=False, id="sort")
        table: DataTable[str] = DataTable(id="members", cursor_type="row", zebra_stripes=True)
        table.add_column("Nom", key="name")
        table.add_column("Rôle", key="role")
        table.add_column("Entrée", key="entry")
        table.add_column("Sortie", key="exit")
        table.add_column("Contrat", key="contract")
        table.add_column("Fin du contrat", key="contract_end")
        yield table
        yield Static("Chargement…", id="count")

    def _compose_own_record(self, person_id: int | None) -> ComposeResult:
        """Someone who may not see the others' records sees their own, and only that."""
        self.own_only = True
        if person_id is None:
            yield Static("Membres", classes="section-title")
            yield Static(
                "Votre compte n'est relié à aucune fiche : demandez à la coordination de le relier à la vôtre."
            )
            return
        self.own_record = person_id
        yield MemberRecord(person_id, editable=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "personal_data":
            return self.own_record is not None
        return not self.own_only or action not in {"new_member", "focus_search", "import_members"}

    def reload(self) -> None:
        if self.own_only:
            if self.own_record is not None:
                self.query_one(MemberRecord).load()
            return
        super().reload()

    def action_personal_data(self) -> None:
        """A coopérant·e's own right of access: their data as a PDF and as JSON."""
        if self.own_record is not None:
            self.query_one(MemberRecord).export_personal_data()

    def query_for(self, offset: int) -> MemberQuery:
        role = self.query_one("#role", Select).value
        return MemberQuery(
            search=self.query_one("#search", Input).value,
            role=role if isinstance(role, str) else None,
            status=str(self.query_one("#status", Select).value),
            ending_soon=self.query_one("#ending", Checkbox).value,
            sort=str(self.query_one("#sort", Select).value),
            offset=offset,
            limit=PAGE_SIZE,
        )

    def fetch_page(self, offset: int, append: bool) -> None:
        call(
            self, members.list_members, self.query_for(offset), then=lambda page: self.show(page, append), group="list"
        )

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def filters_changed(self) -> None:
        self.reload()

    def show(self, page: MembersPage, append: bool) -> None:
        from kpa_local.fmt import date_fr

        table = self.start_page(append, page.total)
        for row in page.rows:
            table.add_row(
                row.full_name,
                label(ROLES, row.current_role),
                date_fr(row.entry_date),
                date_fr(row.exit_date),
                label(CONTRACT_KINDS, row.contract_kind),
                date_fr(row.contract_end),
                key=str(row.id),
            )
        self.end_page(len(page.rows))

    @on(DataTable.RowSelected, "#members")
    def open_person(self, event: DataTable.RowSelected) -> None:
        from kpa_local.tui.screens.member_detail import MemberDetailScreen

        if event.row_key.value:
            self.app.push_screen(MemberDetailScreen(int(event.row_key.value)))

    def action_new_member(self) -> None:
        from kpa_local.tui.screens.member_form import MemberFormScreen

        self.app.push_screen(MemberFormScreen(), self._after_form)

    def _after_form(self, person_id: int | None) -> None:
        from kpa_local.tui.screens.member_detail import MemberDetailScreen

        if person_id is not None:
            self.app.push_screen(MemberDetailScreen(person_id))

    def action_import_members(self) -> None:
        from kpa_local.tui.screens.import_members import ImportMembersScreen

        self.app.push_screen(ImportMembersScreen())
