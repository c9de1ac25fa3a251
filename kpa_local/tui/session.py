"""How screens reach the opened workspace from their workers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

from textual._context import NoActiveAppError
from textual.dom import DOMNode
from textual.message import Message

from kpa_local.domain.errors import KpaError, Refused
from kpa_local.tui.messages import Failed

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


_log = logging.getLogger("kpa_local")

UNEXPECTED = (
    "Une erreur inattendue s'est produite : rien n'a été perdu de ce qui était déjà enregistré. "
    "Réessayez ; si cela recommence, notez ce que vous faisiez et prévenez la coordination."
)


def deliver(node: DOMNode, produce: Callable[[Context], Message]) -> None:
    """In a worker: call a service through `produce` and post its message, or a Failed message."""
    try:
        node.post_message(produce(service_context(node)))
    except Refused as refused:
        problems = {problem.field: problem.message for problem in refused.problems}
        node.post_message(Failed(refused.message, problems))
    except KpaError as error:
        node.post_message(Failed(error.message))
    except NoActiveAppError:
        return  # the app closed while the service was answering: nobody is left to tell
    except Exception as error:
        _log.exception("Erreur inattendue dans un écran")
        from kpa_local.files import is_disk_full
        from kpa_local.services.workspaces import DISK_FULL, UNREADABLE, is_damage

        node.post_message(Failed(UNREADABLE if is_damage(error) else DISK_FULL if is_disk_full(error) else UNEXPECTED))
