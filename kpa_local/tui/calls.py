"""One channel from screens to services: `call` runs a service in a thread worker and hands its answer
back on the screen's thread, only if it is still wanted.

A read (`write=False`) is superseded by the next read of the same group: each call takes the next
number of its group, and an answer whose number is no longer the group's latest is dropped, so a slow
search never overwrites the list of a newer one. A write is never superseded, and a reload never
touches it (reads and writes of a group are counted apart). A second write of a group asked while the
first one runs is refused with a sentence, not queued: it was asked from what the screen showed before
the first one answered (a second Ctrl+S on a new invoice would create it twice), so the person sees the
first one's outcome and does it again if it is still needed.

No worker is ever cancelled: a cancelled thread keeps running anyway, and whoever waits for the app's
workers would stop waiting for it. An answer for a screen or widget that is no longer mounted, or an app
that has stopped, is dropped without a word.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, TypeVarTuple, cast
from weakref import WeakKeyDictionary

from textual._context import NoActiveAppError
from textual.widget import Widget

from kpa_local.domain.errors import KpaError, Refused
from kpa_local.tui.messages import Failed
from kpa_local.tui.session import UNEXPECTED, service_context

if TYPE_CHECKING:
    from kpa_local.services.context import Context

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

_log = logging.getLogger("kpa_local")

BUSY = "L'opération précédente n'est pas encore finie : attendez qu'elle se termine, puis recommencez."


@dataclass
class _Groups:
    """What one screen or widget has asked: the latest number of each read group, the writes running."""

    latest: dict[str, int] = field(default_factory=dict)
    writing: set[str] = field(default_factory=set)
    unanswered: dict[str, int] = field(default_factory=dict)


_groups: WeakKeyDictionary[Widget, _Groups] = WeakKeyDictionary()


def unanswered() -> int:
    """How many calls of the screens and widgets still shown have not been answered (tests wait for none)."""
    return sum(sum(groups.unanswered.values()) for node, groups in list(_groups.items()) if node.is_attached)


def waiting(node: Widget, group: str, *, write: bool = False) -> bool:
    """Whether a read (or a write) of `group` asked by `node` has not been answered yet."""
    groups = _groups.get(node)
    key = f"write:{group}" if write else f"read:{group}"
    return groups is not None and groups.unanswered.get(key, 0) > 0


@dataclass(frozen=True)
class _Answer(Generic[T]):
    value: T | None = None
    failure: Failed | None = None


def call(
    node: Widget,
    service: Callable[[Context, *Ts], T],
    *args: *Ts,
    then: Callable[[T], object] | None = None,
    group: str,
    write: bool = False,
    failed: Callable[[Failed], object] | None = None,
) -> bool:
    """Run `service(context, *args)` in a thread worker and give its result to `then` on the UI thread.

    A refusal or an error goes to `failed`, or is posted to `node` as a `Failed` message. Returns False
    (and says so to the person) when a write of the same group is still running.
    """
    groups = _groups.setdefault(node, _Groups())
    key = f"write:{group}" if write else f"read:{group}"
    if write:
        if key in groups.writing:
            node.notify(BUSY, severity="warning")
            return False
        groups.writing.add(key)
        number = 0
    else:
        number = groups.latest.get(key, 0) + 1
        groups.latest[key] = number
    groups.unanswered[key] = groups.unanswered.get(key, 0) + 1

    async def arrive(answer: _Answer[T]) -> None:
        """On the UI thread: hand the answer over if it is still wanted (`then` may be a coroutine)."""
        groups.unanswered[key] -= 1
        if write:
            groups.writing.discard(key)
        elif groups.latest.get(key) != number:
            return  # a newer read of the group was asked: this answer is out of date
        if not node.is_attached:
            return  # the screen was closed, or the app is stopping
        if answer.failure is not None:
            told = failed(answer.failure) if failed is not None else node.post_message(answer.failure)
        else:
            told = then(cast(T, answer.value)) if then is not None else None
        if inspect.iscoroutine(told):
            await told  # only a coroutine: what dismiss() returns must not be awaited from the screen itself

    def work() -> None:
        """In the worker: call the service, then post the answer to the node's own queue."""
        try:
            answer: _Answer[T] = _Answer(value=service(service_context(node), *args))
        except NoActiveAppError:
            return  # the app closed while the service was answering: nobody is left to tell
        except Exception as error:  # every failure becomes a sentence, never a traceback
            answer = _Answer(failure=_failure(error))
        with suppress(NoActiveAppError):
            node.call_later(arrive, answer)  # False once the node has closed: then nobody is waiting

    # The worker belongs to the app: Textual would cancel a closed screen's workers, even a write not yet started.
    node.app.run_worker(work, name=f"{type(node).__name__}:{key}", group=key, thread=True, exit_on_error=False)
    return True


def failure_sentence(error: Exception) -> str:
    """The sentence for any error a service raised."""
    return _failure(error).text


def _failure(error: Exception) -> Failed:
    """The sentence to show for what the service raised."""
    if isinstance(error, Refused):
        return Failed(error.message, {problem.field: problem.message for problem in error.problems})
    if isinstance(error, KpaError):
        return Failed(error.message)
    _log.exception("Erreur inattendue dans un écran", exc_info=error)
    from kpa_local.files import is_disk_full
    from kpa_local.services.server_trouble import trouble
    from kpa_local.services.workspaces import DISK_FULL, UNREADABLE, is_damage

    return Failed(
        UNREADABLE if is_damage(error) else DISK_FULL if is_disk_full(error) else trouble(error) or UNEXPECTED
    )


class _Deferred:
    """A service function named by its module, imported in the worker that first calls it."""

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(self._module), self._name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"{self._module}.{self._name}"


class _DeferredModule:
    """Stands for a services module on the UI thread: its functions are imported only when called."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> _Deferred:
        return _Deferred(self._module, name)


def deferred(module: str) -> Any:
    """A services module whose functions `call` may run, imported by the worker, never by the screen.

    Screens write `if TYPE_CHECKING: from kpa_local.services import members` / `else: members =
    deferred("kpa_local.services.members")`: the types are checked against the real module, and the
    database layer is loaded off the UI thread. Only its functions may be used through it.
    """
    return _DeferredModule(module)
