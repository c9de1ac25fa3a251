"""The quarterly bundle for the network: shown row by row before anything is written, then written."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import KpaError
from kpa_local.domain.periods import Period
from kpa_local.exchange.bundle_write import Bundle, Privacy, assemble
from kpa_local.files import private_folder, write_private
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.context import Context
from kpa_local.services.interview_analysis import interview_rows
from kpa_local.services.network_rows import activity_rows, member_rows, secret_of
from kpa_local.services.workspaces import PSEUDONYM_SECRET

EXPORT_ACTION = "reseau.export"


def _version() -> str:
    try:
        return version("kpa_local")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
        return "0"


def last_complete_quarter(context: Context) -> Quarter:
    """The quarter before today's: the one a KPA sends."""
    return Quarter.of(context.today()).previous()


def check_quarter_ended(context: Context, quarter: Quarter) -> None:
    """Refuse a quarter that is not over yet: only a finished quarter is sent to the network."""
    if quarter.end >= context.today():
        raise KpaError(
            f"Le trimestre {quarter.label} n'est pas encore fini : seul un trimestre terminé s'envoie au réseau. "
            f"Le dernier trimestre fini est {last_complete_quarter(context).label} : indiquez-le, ou rien."
        )


def prepare_bundle(context: Context, quarter: Quarter) -> Bundle:
    """The bundle of a quarter, in memory: what would leave the computer, every row of every file."""
    require(context, Permission.EXPORT_NETWORK)
    period = Period.quarter(quarter)
    with context.database.unit_of_work() as session:
        secret = secret_of(session, PSEUDONYM_SECRET)
        members = member_rows(session, period, secret)
        activity = activity_rows(session, period)
        interviews = interview_rows(session, period, secret)
    settings = context.settings
    return assemble(
        kpa_code=settings.kpa.code,
        kpa_name=settings.kpa.name,
        quarter_label=quarter.label,
        period=(period.start, period.end),
        members=members,
        activity=activity,
        interviews=interviews,
        privacy=Privacy(settings.export.k, settings.export.quasi_identifiers, settings.export.sensitive),
        generated_at=datetime.now(UTC),
        version=_version(),
    )


def write_bundle(context: Context, bundle: Bundle) -> Path:
    """Write a prepared bundle in exports/ and record it; an earlier export of the quarter is kept."""
    import hashlib

    require(context, Permission.EXPORT_NETWORK)
    folder = context.workspace.exports_dir
    target = folder / bundle.name
    if target.exists():
        stamp = datetime.fromtimestamp(target.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
        kept = folder / "precedents" / f"{target.stem}-{stamp}{target.suffix}"
        private_folder(kept.parent)
        target.replace(kept)
    data = bundle.archive()
    write_private(target, data)
    record_action(context, EXPORT_ACTION, bundle.name, (hashlib.sha256(data).hexdigest(),))
    return target
