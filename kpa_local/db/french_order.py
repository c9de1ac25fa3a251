"""`ORDER BY french(column)`: a query's names and labels in French order, on every engine."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

from kpa_local.db.collation import COLLATION


class french(FunctionElement[str]):  # noqa: N801 - read as a SQL function in order_by()
    """`ORDER BY french(Person.last_name)`: the column in French order."""

    type = String()
    inherit_cache = True


@compiles(french, "sqlite")
@compiles(french, "postgresql")  # the collation its migration 0014 creates, from ICU's French
def _french_collated(element: french, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE {COLLATION}"


@compiles(french)
def _french_other(element: french, compiler: SQLCompiler, **kw: Any) -> str:
    # Other engines sort with their own collation, without case.
    return f"lower({compiler.process(element.clauses, **kw)})"
