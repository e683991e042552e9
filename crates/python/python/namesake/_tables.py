"""Tables handed to :meth:`namesake.Index.screen_batch`, as Arrow."""

from typing import Any


def as_arrow(table: Any) -> Any:
    """``table`` as an object with ``__arrow_c_stream__`` (a ``pyarrow.Table`` mostly).

    Takes a ``pyarrow.Table``, ``RecordBatch`` or ``RecordBatchReader``, a pandas or polars
    DataFrame, or anything that exports an Arrow stream.
    """
    import pyarrow as pa

    if isinstance(table, (pa.Table, pa.RecordBatchReader)):
        return table
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches([table])
    library = type(table).__module__.split(".")[0]
    if library == "pandas":
        return pa.Table.from_pandas(table, preserve_index=False)
    if library == "polars":
        return table.to_arrow()
    if hasattr(table, "__arrow_c_stream__"):
        return table
    raise TypeError(
        "screen_batch takes a pyarrow.Table or RecordBatch, a pandas or polars DataFrame, or "
        f"an Arrow stream; got {type(table).__module__}.{type(table).__name__}"
    )
