"""Read a folder (or a list) of bundles for the network report: each checked first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kpa_local.domain.dates import Quarter
from kpa_local.domain.network import BundleData
from kpa_local.exchange.bundle_check import CheckResult, check_bundle


@dataclass(frozen=True)
class Loaded:
    """The valid bundles, and the invalid ones with their reasons."""

    bundles: tuple[BundleData, ...]
    invalid: tuple[CheckResult, ...]


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """The bundle files named, a folder standing for the ZIP files it holds."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("kpa-*.zip")) if path.is_dir() else [path]
    return files


def load_bundles(paths: Iterable[Path]) -> Loaded:
    """Check every bundle; keep the valid ones as data for the report."""
    bundles: list[BundleData] = []
    invalid: list[CheckResult] = []
    for path in bundle_files(paths):
        result = check_bundle(path)
        if not result.valid:
            invalid.append(result)
            continue
        bundles.append(
            BundleData(
                kpa_code=str(result.manifest["kpa_code"]),
                quarter=Quarter.parse(result.manifest["period"]["label"]),
                members=result.tables.get("members.csv", []),
                activity=result.tables.get("activity.csv", []),
            )
        )
    return Loaded(tuple(bundles), tuple(invalid))
