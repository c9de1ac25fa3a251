"""How screens reach the opened workspace from their workers (through `kpa_local.tui.calls.call`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from kpa_local.services.context import Context


class _KpaAppLike(Protocol):
    def context(self) -> Context: ...

    def clock(self) -> date: ...


def service_context(node: DOMNode) -> Context:
    """The workspace's context, waiting (in a worker) until the app has opened it."""
    return cast(_KpaAppLike, node.app).context()


def app_today(node: DOMNode) -> date:
    """Today as the app's clock tells it (frozen in tests)."""
    return cast(_KpaAppLike, node.app).clock()


UNEXPECTED = (
    "Une erreur inattendue s'est produite : rien n'a été perdu de ce qui était déjà enregistré. "
    "Réessayez ; si cela recommence, notez ce que vous faisiez et prévenez la coordination."
)
