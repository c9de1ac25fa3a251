"""The network's key figures from a folder of bundles, for the coordination's screen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpa_local.domain.errors import KpaError
from kpa_local.domain.network import NetworkFigures, network_figures
from kpa_local.exchange.bundle_check import CheckResult
from kpa_local.exchange.network_bundles import load_bundles
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context


@dataclass(frozen=True)
class FolderFigures:
    """The figures of the valid bundles of a folder (None when there is none), and the invalid ones."""

    figures: NetworkFigures | None
    invalid: tuple[CheckResult, ...]


def figures_from_folder(context: Context, folder: Path) -> FolderFigures:
    """Check every bundle of the folder and compute the figures over all the quarters found."""
    require(context, Permission.EXPORT_NETWORK)
    if not folder.is_dir():
        raise KpaError(f"Le dossier {folder} n'existe pas : vérifiez le chemin (ou que la clé est branchée).")
    loaded = load_bundles([folder])
    if not loaded.bundles:
        return FolderFigures(None, loaded.invalid)
    quarters = sorted(bundle.quarter for bundle in loaded.bundles)
    return FolderFigures(network_figures(loaded.bundles, quarters[0], quarters[-1]), loaded.invalid)
