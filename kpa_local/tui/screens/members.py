"""Membres: the list, searched as you type, filtered and sorted, loaded a window at a time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from kpa_local.domain.codes import CONTRACT_KINDS, ROLES, label
from kpa_local.services.access import Permission, allows
from kpa_local.services.views import MemberQuery, MemberRow, MembersPage
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.screens.paged_list import PAGE_SIZE, PagedListScreen
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.fitted_table import FittedTable
from kpa_local.tui.widgets.member_record import MemberRecord
from kpa_local.tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from kpa_local.services import members, personal_data
    from kpa_local.services.personal_data import AccessExport
else:
    members = deferred("kpa_local.services.members")
    personal_data = deferred("kpa_local.services.personal_data")

STATUSES = (("Dans la KPA", "present"), ("Sorti·es", "left"), ("Tout le monde", "all"))
SORTS = (("Par nom", "name"), ("Par entrée", "entry"), ("Par sortie", "exit"), ("Par fin de contrat", "contract_end"))
# From the column kept longest to the one dropped first on a small screen; the name takes the room left.
COLUMNS = (
    ListColumn("name", "Nom", 16, grows_to=30),
    ListColumn("role", "Rôle", 11),  # as wide as the longest role shown
    ListColumn("entry", "Entrée", 10),
    ListColumn("contract_end", "Fin contrat", 11),
    ListColumn("contract", "Contrat", 7),  # as wide as the longest contract shown
    ListColumn("exit", "Sortie", 10),
)
COLUMN_ORDER = ("name", "role", "entry", "exit", "contract", "contract_end")  # their order on screen


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
            yield SearchBox("Chercher un nom…", "members", tooltip="Un nom, un e-mail, un téléphone ou une ville")
            yield Checkbox("Fin de contrat proche", id="ending")
        with Horizontal(id="filters"):
            yield Select(STATUSES, value="present", allow_blank=False, id="status")
            yield Select([(title, code) for code, title in ROLES.items()], prompt="Tous les rôles", id="role")
            yield Select(SORTS, value="name", allow_blank=False, id="sort")
        yield FittedTable(COLUMNS, COLUMN_ORDER, self.cells, always=2, id="members")
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
        """A coopérant·e's own right of access: their data as a PDF and as JSON, said to be theirs."""
        if self.own_record is not None:
            # Asked from the record, so that a refusal shows there as for anyone's data.
            call(self.query_one(MemberRecord), personal_data.write_access_export, self.own_record,
                 then=self.own_data_written, group="personal-data", write=True)  # fmt: skip

    def own_data_written(self, export: AccessExport) -> None:
        from kpa_local.tui.screens.notice import NoticeScreen

        self.app.push_screen(
            NoticeScreen(
                "Mes données",
                "Tout ce que la KPA garde sur vous est écrit dans deux fichiers. Ce sont vos données : "
                "les fichiers sont à vous.\n\n"
                f"  {export.pdf_path.name} (à lire, à imprimer)\n  {export.json_path.name} (pour un logiciel)\n\n"
                f"Ils sont dans le dossier {export.pdf_path.parent}. Copiez-les sur votre clé USB ou imprimez-les, "
                "puis effacez-les de cet ordinateur : d'autres personnes s'en servent.",
            )
        )

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
        self.show_rows(page.rows, page.total, append)

    def cells(self, row: MemberRow, rooms: Mapping[str, int]) -> dict[str, str]:
        from kpa_local.fmt import date_fr

        return {
            "name": shorten(row.full_name, rooms.get("name", 0)),
            "role": label(ROLES, row.current_role),
            "entry": date_fr(row.entry_date),
            "exit": date_fr(row.exit_date),
            "contract": label(CONTRACT_KINDS, row.contract_kind),
            "contract_end": date_fr(row.contract_end),
        }

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
