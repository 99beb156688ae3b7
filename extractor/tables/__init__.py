"""Facts from table grids: header rows, row labels, unit/scale/period/status/basis from the headers
(the convention of the project's TABLES notes). Filled in by the table reader."""
from __future__ import annotations


def table_facts(table, text: str, context: tuple[str, ...] = ()) -> list:
    """The facts of one table's body cells (placeholder until the table reader lands: none)."""
    return []
