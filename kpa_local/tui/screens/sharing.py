"""Répartition et épargne: a period's sharing-out step by step, its validation, and the savings ledger."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Label, Static, TabbedContent, TabPane

from kpa_local.domain.dates import add_months
from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import PERIOD_PLACEHOLDER, Period, month_label, of_label
from kpa_local.domain.work import hours_text
from kpa_local.fmt import date_fr, money_fr
from kpa_local.tui.calls import call, deferred
from kpa_local.tui.list_columns import ListColumn
from kpa_local.tui.messages import Failed
from kpa_local.tui.screens.quick_form import QuickFormScreen, read_amounts, read_dates
from kpa_local.tui.screens.section import SectionScreen
from kpa_local.tui.session import app_today
from kpa_local.tui.text import shorten
from kpa_local.tui.widgets.bar_chart import BarChart
from kpa_local.tui.widgets.field import choice_field, date_field, text_field
from kpa_local.tui.widgets.fitted_table import FittedTable

if TYPE_CHECKING:
    from kpa_local.domain.money import Money
    from kpa_local.services import payroll, savings, sharing
    from kpa_local.services.context import Context
    from kpa_local.services.payroll import PayrollFiles
    from kpa_local.services.work_views import SavingsLedger, SavingsLine, SharingPreview, SharingSummary
else:
    payroll = deferred("kpa_local.services.payroll")
    savings = deferred("kpa_local.services.savings")
    sharing = deferred("kpa_local.services.sharing")


SHARE_COLUMNS = ("Personne", "Heures", "Part", "")


def amount_cell(cents: int) -> Text:
    """An amount right-aligned in its column."""
    return Text(money_fr(cents), justify="right")


def _validated_and_savings(context: Context) -> tuple[tuple[SharingSummary, ...], SavingsLedger]:
    """The validated periods and the savings ledger, read by one worker."""
    return sharing.list_sharings(context), savings.savings_ledger(context)


# The ledger's columns, from the one kept longest to the one dropped first on a small screen.
LEDGER_COLUMNS = (
    ListColumn("day", "Date", 10),
    ListColumn("amount", "Montant", 11),
    ListColumn("balance", "Solde", 11),
    ListColumn("label", "Libellé", 12, grows_to=40),
    ListColumn("kind", "Opération", 17),
    ListColumn("decision", "Décision", 12, grows_to=30),
)
LEDGER_ORDER = ("day", "amount", "balance", "kind", "label", "decision")


def ledger_cells(line: SavingsLine, rooms: Mapping[str, int]) -> dict[str, str | Text]:
    """One operation on the savings, its texts shortened to their columns."""
    from kpa_local.services.savings import KINDS

    return {
        "day": date_fr(line.day),
        "amount": amount_cell(line.amount.cents),
        "balance": amount_cell(line.balance.cents),
        "kind": KINDS[line.kind],
        "label": shorten(line.label, rooms.get("label", 0)),
        "decision": shorten(line.decision_ref, rooms.get("decision", 0)),
    }


def last_month(today: date) -> str:
    """The month before today's (the one usually shared out next), in words: « octobre 2026 »."""
    return month_label(add_months(date(today.year, today.month, 1), -1))


def steps_table(rows: list[tuple[str, str, str, str]], *, narrow: bool) -> Table:
    """The steps from the revenue to what is shared: name, amount, what is left, and how it was counted.

    The amounts are never cut. On a small screen the explanation goes under the step's name, not in a
    column of its own that would be a few letters wide.
    """
    amount_room = max((len(cell) for row in rows for cell in row[1:3]), default=8)
    steps = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    steps.add_column("Étape", min_width=12, ratio=1 if narrow else None)
    steps.add_column("Montant", justify="right", no_wrap=True, min_width=amount_room)
    steps.add_column("Reste", justify="right", no_wrap=True, min_width=amount_room)
    if not narrow:
        steps.add_column("Comment", ratio=1, style="dim", min_width=10)
    for label, amount, remaining, how in rows:
        if narrow:
            steps.add_row(Text.assemble(label, "\n", (how, "dim")), amount, remaining)
        else:
            steps.add_row(label, amount, remaining, how)
    return steps


def large_adjustment_question(preview: SharingPreview | None, period: Period, adjustment: Money) -> str:
    """The second question before an adjustment larger than what the period shares without it (or nothing)."""
    from kpa_local.domain.sharing import shared_without_adjustment

    if preview is None or preview.period != period or preview.plan.adjustment != adjustment:
        return ""
    without = shared_without_adjustment(preview.plan)
    if adjustment.cents <= 0 or adjustment <= without:
        return ""
    return (
        f"La régularisation de {money_fr(adjustment.cents)} est plus grande que ce que la période partage sans "
        f"elle ({money_fr(max(without.cents, 0))}). Est-ce bien le montant décidé ?"
    )


class SharingScreen(SectionScreen):
    """The preview of a period, its validation, the validated periods and the savings."""

    MODE = "sharing"
    SUB_TITLE = "Répartition et épargne"
    step_rows: list[tuple[str, str, str, str]] | None = None  # the preview's steps, drawn for the screen's width
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "validate", "Valider la répartition", id="sharing.validate"),
        Binding("ctrl+n", "new_savings", "Opération sur l'épargne", id="sharing.savings"),
        Binding("ctrl+r", "statements", "Relevés du trimestre", id="sharing.statements"),
        Binding("ctrl+o", "payroll_request", "Demande de versement", id="sharing.payroll_request"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Répartition et épargne", classes="section-title")
        yield Static("Flèches ← → sur les onglets pour passer de l'un à l'autre.", classes="hint")
        with TabbedContent(id="sharing-tabs"):
            with TabPane("Répartition", id="tab-sharing"):
                with Horizontal(id="sharing-bar"):
                    yield Label("Période")
                    yield Input(id="period", placeholder=PERIOD_PLACEHOLDER, max_length=30)
                    yield Label("Régularisation (€)")
                    yield Input(id="adjustment", placeholder="0", max_length=12)
                    yield Input(id="reason", placeholder="ce qu'elle corrige")
                yield Static("", id="sharing-state")
                yield Static("", id="steps")
                with Horizontal(id="to-share-bar"):
                    yield Static("", id="to-share")
                    yield Button("Demande de versement à la CAE", id="payroll-request")
                shares: DataTable[str] = DataTable(id="shares", cursor_type="row", zebra_stripes=True)
                shares.add_columns(*SHARE_COLUMNS)
                yield shares
                yield Static("", id="left-out", classes="hint")
            with TabPane("Répartitions validées", id="tab-history"):
                yield Static("Choisissez une période (Entrée) pour revoir son calcul.", classes="hint")
                history: DataTable[str] = DataTable(id="history", cursor_type="row", zebra_stripes=True)
                history.add_columns("Période", "Partagé", "Personnes", "Épargne", "Décidée le", "Décision")
                yield history
            with TabPane("Épargne", id="tab-savings"):
                yield Static("", id="balance")
                yield BarChart(id="savings-chart")
                yield FittedTable(LEDGER_COLUMNS, LEDGER_ORDER, ledger_cells, always=3, id="ledger")

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw_steps)  # the breakpoint may have changed: one layout or the other

    def draw_steps(self) -> None:
        if self.step_rows is not None:
            self.query_one("#steps", Static).update(steps_table(self.step_rows, narrow=self.has_class("-narrow")))

    def on_mount(self) -> None:
        self.query_one("#period", Input).value = last_month(app_today(self))
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Validation and savings entries are offered only to the roles allowed to make them; the request to the
        CAE, which names everyone beside their share, only on a validated sharing-out, to those who read the members."""
        from kpa_local.services.access import Permission, allows

        if action == "payroll_request":
            return self.may_request_payroll()
        needed = {"validate": Permission.VALIDATE_SHARING, "new_savings": Permission.EDIT_SAVINGS}.get(action)
        actor = getattr(self.app, "actor", None)
        return needed is None or (actor is not None and allows(actor.role, needed))

    def may_request_payroll(self) -> bool:
        """Whether the period shown is validated and the account may read the members."""
        from kpa_local.services.access import Permission, allows

        preview: SharingPreview | None = getattr(self, "preview", None)
        actor = getattr(self.app, "actor", None)
        return (
            preview is not None
            and preview.validated
            and actor is not None
            and allows(actor.role, Permission.READ_MEMBERS)
        )

    # ---- the preview of a period ----

    @on(Input.Changed, "#period, #adjustment, #reason")
    def period_changed(self) -> None:
        self.compute()

    def _request(self) -> tuple[Period, Money, str] | None:
        from kpa_local.domain.money import AmountError, parse_amount
        from kpa_local.domain.sharing import NOTHING

        state = self.query_one("#sharing-state", Static)
        try:
            period = Period.parse(self.query_one("#period", Input).value)
        except KpaError as error:
            state.update(error.message)
            return None
        typed = self.query_one("#adjustment", Input).value
        try:
            adjustment = parse_amount(typed, "la régularisation") if typed.strip() else NOTHING
        except AmountError as error:
            state.update(error.message)
            return None
        return period, adjustment, self.query_one("#reason", Input).value

    def compute(self) -> None:
        request = self._request()
        if request is not None:
            self.run_preview(*request)

    def run_preview(self, period: Period, adjustment: Money, reason: str) -> None:
        call(self, sharing.preview_sharing, period, adjustment, reason, then=self.show_preview, group="preview")

    def show_preview(self, preview: SharingPreview) -> None:
        from kpa_local.services.sharing_text import STEP_LABELS, method_sentence, notice_sentence, step_explanation

        self.preview = preview
        self.query_one("#payroll-request", Button).display = self.may_request_payroll()
        self.refresh_bindings()
        plan = preview.plan
        state = self.query_one("#sharing-state", Static)
        if preview.validated:
            state.update(f"[b]{preview.period.label.capitalize()} : répartition validée[/] le "
                         f"{date_fr(preview.decided_on)} ({preview.decision_ref}). Elle ne se refait pas ; "
                         "une erreur se corrige par une régularisation sur une période suivante.")  # fmt: skip
        elif preview.overlapping:
            state.update(f"[b]{preview.period.label.capitalize()} : aperçu seulement[/] — cette période recoupe "
                         f"une répartition déjà validée ({', '.join(preview.overlapping)}) : elle ne peut pas "
                         "être validée.")  # fmt: skip
        elif preview.too_early:
            state.update(f"[b]{preview.period.label.capitalize()} : aperçu seulement[/] — {preview.too_early}")
        else:
            who = ("(Ctrl+S pour valider)." if self.check_action("validate", ()) else
                   ": c'est la coordination qui la valide dans l'application.")  # fmt: skip
            state.update(f"[b]{preview.period.label.capitalize()} : aperçu[/] — rien n'est enregistré tant que "
                         f"la KPA n'a pas décidé {who}")  # fmt: skip
        rows = [
            (
                STEP_LABELS[step.kind],
                money_fr(step.amount.cents),
                money_fr(step.remaining.cents),
                step_explanation(step, preview.rule, adjustment_reason=preview.adjustment_reason, late=preview.late),
            )
            for step in plan.steps
        ]
        self.step_rows = rows
        self.draw_steps()
        notice = notice_sentence(plan)
        self.query_one("#to-share", Static).update(
            f"[b $error]{notice}[/]" if notice
            else f"[b]À partager : {money_fr(plan.shared.cents)}.[/] {method_sentence(preview.rule)}"
        )  # fmt: skip
        shares = self.query_one("#shares", DataTable)
        # The columns are made again: a table only widens its columns, and those of another period (or of
        # an answer overtaken by a newer one) must not stay wider than what is shown now.
        shares.clear(columns=True)
        shares.add_columns(*SHARE_COLUMNS)
        for share in plan.shares:
            odd = "+1 centime" if share.odd_cent else ""
            shares.add_row(share.name, Text(hours_text(share.minutes), justify="right"),
                           amount_cell(share.amount.cents), odd, key=str(share.person_id))  # fmt: skip
        left = [f"{w.name} ({hours_text(w.minutes + w.other_minutes)}) : {w.reason}" for w in plan.left_out]
        self.query_one("#left-out", Static).update(
            ("Sans part : " + " ; ".join(left) + ".")
            if left
            else ""
            + ("" if notice or not plan.shares else " Le centime restant d'une division va aux plus grands restes.")
        )

    # ---- validated periods and savings ----

    def load(self) -> None:
        call(self, _validated_and_savings, then=self.show_lists, group="lists")

    def show_lists(self, lists: tuple[tuple[SharingSummary, ...], SavingsLedger]) -> None:

        sharings, ledger = lists
        history = self.query_one("#history", DataTable)
        history.clear()
        for done in sharings:
            history.add_row(done.period.label, amount_cell(done.shared.cents), str(done.people),
                            amount_cell(done.savings.cents), date_fr(done.decided_on), done.decision_ref,
                            key=done.period.code)  # fmt: skip
        self.query_one("#balance", Static).update(
            f"[b]Solde de l'épargne collective : [$success]{money_fr(ledger.balance.cents)}[/][/]"
        )
        self.query_one(BarChart).show(
            tuple((day, balance.cents) for day, balance in ledger.monthly), "Le solde à la fin de chaque mois"
        )
        self.query_one("#ledger", FittedTable).show(tuple(reversed(ledger.lines)))

    @on(DataTable.RowSelected, "#history")
    def open_period(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.query_one("#period", Input).value = Period.parse(event.row_key.value).label
            self.query_one(TabbedContent).active = "tab-sharing"

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#sharing-state", Static).update(f"[$error]{message.text}[/]")

    # ---- actions ----

    def action_validate(self) -> None:
        request = self._request()
        if request is None:
            return
        period, adjustment, reason = request
        preview = getattr(self, "preview", None)
        if preview is not None and preview.validated and preview.period == period:
            self.notify("Cette période est déjà validée : elle ne se refait pas.", severity="warning")
            return
        if preview is not None and preview.period == period and preview.too_early:
            self.notify(preview.too_early, severity="warning")  # said before any typing, nothing opened
            return
        question = large_adjustment_question(preview, period, adjustment)
        if question:
            from kpa_local.tui.screens.confirm import ConfirmScreen

            def answered(confirmed: bool | None) -> None:
                if confirmed:
                    self._ask_decision(period, adjustment, reason, confirmed=True)

            self.app.push_screen(ConfirmScreen(question, yes="Confirmer la régularisation", no="Revoir"), answered)
            return
        self._ask_decision(period, adjustment, reason, confirmed=False)

    def _ask_decision(self, period: Period, adjustment: Money, reason: str, *, confirmed: bool) -> None:
        """The form of the KPA's decision, which validates the period."""

        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.sharing import validate_sharing

            dates = read_dates(values, {"decided_on": "Date de la décision"}, today=context.today())
            decided_on, decision = dates["decided_on"], values["decision_ref"]
            return validate_sharing(context, period, decided_on=decided_on, decision_ref=decision,
                                    adjustment=adjustment, reason=reason,
                                    large_adjustment_confirmed=confirmed)  # fmt: skip

        form = QuickFormScreen(
            f"Valider la répartition {period.of_label}",
            [
                date_field("decided_on", "Jour où la KPA a décidé", value=date_fr(app_today(self))),
                text_field(
                    "decision_ref", "La décision", placeholder=f"Réunion de la KPA du {date_fr(app_today(self))}"
                ),
            ],
            submit,
            hint="Une fois validée, la répartition ne change plus : les parts sont enregistrées et la "
            "contribution à l'épargne y est versée. Vérifiez le calcul avant.",
        )
        self.app.push_screen(form, self._validated)

    def _validated(self, saved: bool | None) -> None:
        if saved:
            self.notify("Répartition validée.")
            self.compute()
            self.load()

    def action_new_savings(self) -> None:
        from kpa_local.services.savings import KINDS, MANUAL_KINDS

        def submit(context: Context, values: Mapping[str, str]) -> object:
            from kpa_local.services.savings import record_savings

            day = read_dates(values, {"day": "Date"}, today=context.today())["day"]
            amount = read_amounts(values, {"amount": "le montant"})["amount"]
            return record_savings(context, values["kind"], day, values["label"], amount, values["decision"])

        form = QuickFormScreen(
            "Opération sur l'épargne collective",
            [
                choice_field("kind", "Opération", {kind: KINDS[kind] for kind in MANUAL_KINDS}, value="achat"),
                date_field("day", "Date", value=date_fr(app_today(self))),
                text_field("label", "Ce que c'est", placeholder="Achat d'un four"),
                text_field("amount", "Montant (€) — pour une correction, négatif s'il sort", placeholder="450,00"),
                text_field("decision", "La décision collective qui l'a approuvé", placeholder="Réunion du 20/11/2026"),
            ],
            submit,
            hint="Une opération ne se modifie ni ne s'efface : une erreur se corrige par une nouvelle opération.",
        )
        self.app.push_screen(form, self._savings_saved)

    def _savings_saved(self, saved: bool | None) -> None:
        if saved:
            self.query_one(TabbedContent).active = "tab-savings"
            self.load()

    def action_payroll_request(self) -> None:
        if self.may_request_payroll():
            call(self, payroll.write_payroll_request, self.preview.period, then=self.payroll_written,
                 group="payroll", write=True)  # fmt: skip

    @on(Button.Pressed, "#payroll-request")
    def payroll_pressed(self) -> None:
        self.action_payroll_request()

    def payroll_written(self, written: PayrollFiles) -> None:
        """The PDF shown (or offered as a download); the CSV for the CAE's payroll named beside it."""
        from kpa_local.tui.open_file import show_file, shown_sentence

        shown = show_file(self.app, written.pdf_path)
        self.notify(
            f"Demande de versement {of_label(written.request.period_label)} : {written.summary}. "
            f"{shown_sentence(shown, written.pdf_path)} Le tableau pour la paie de la CAE est à côté : "
            f"{written.csv_path.name}.",
            timeout=12,
        )

    def action_statements(self) -> None:
        from kpa_local.tui.screens.statements import StatementsScreen

        self.app.push_screen(StatementsScreen())
