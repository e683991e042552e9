"""Screening a Spark DataFrame: :func:`screen`.

Each executor's Python worker loads the index file once (shipped to every node with
``SparkContext.addFile``, or read from storage every node sees) and keeps it for the tasks that
follow; each task screens its Arrow batches (``DataFrame.mapInArrow``) with the same Rust
library as the command line, and yields one row per hit with the input's key. Works the same in
``local[*]``, on a standalone cluster, YARN (EMR) or Databricks, provided the ``namesake`` wheel
is installed on every node's Python. See docs/spark.md.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from ._native import Index

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import Column, DataFrame

#: The columns every result row has after the key columns.
HIT_COLUMNS = ("entity_id", "score", "band", "list", "name", "matched_name", "explanation")

_KEY_PREFIX = "__namesake_key_"

# Indexes loaded in this Python process, by local path: a worker screens every task's batches
# with the index it loaded for the first (Spark reuses Python workers between tasks).
_INDEXES: Dict[str, Index] = {}


def _load_index(path: str, shipped: bool) -> Index:
    if shipped:
        from pyspark import SparkFiles

        path = SparkFiles.get(os.path.basename(path))
    index = _INDEXES.get(path)
    if index is None:
        index = _INDEXES[path] = Index.load(path)
    return index


def _column(df: "DataFrame", name: str) -> "Column":
    """The column named `name` as written (a dot in a name is no struct field)."""
    return df["`" + name.replace("`", "``") + "`"]


def screen(
    df: "DataFrame",
    index_path: str,
    *,
    key: Union[str, Sequence[str]] = "id",
    columns: Optional[Mapping[str, str]] = None,
    threshold: Optional[float] = None,
    limit: int = 10,
    ship: bool = True,
) -> "DataFrame":
    """Screens every row of ``df`` against the index saved at ``index_path``.

    :param df: the subjects. Its columns are read by the command line's names (``name`` or
        ``full_name``, ``first_name``, ``last_name``, ``date_of_birth``, ``nationality``,
        ``type``, ``gender``, ``id_number``, ``id``, or their Turkish names); others are ignored.
    :param index_path: an index written by :meth:`namesake.Index.save`.
    :param key: the column (or columns) copied to each result row, to join hits back to
        ``df``; ``"id"`` by default.
    :param columns: where ``df``'s columns have other names: the command line's name → ``df``'s
        column, e.g. ``{"name": "customer_name", "date_of_birth": "dob"}``. Only these columns
        are then screened.
    :param threshold: report hits scoring at least this (0–1; default 0.70).
    :param limit: at most this many hits per row (ties with the last one kept).
    :param ship: ``True`` (default): the driver ships ``index_path`` to every node with
        ``SparkContext.addFile`` (a local path, or an ``hdfs://``, ``s3a://`` or ``dbfs:/``
        URI); ``False``: every executor opens ``index_path`` itself (a path on storage every
        node mounts, such as ``/dbfs/...`` or NFS; also for Spark Connect, which has no
        ``SparkContext``).
    :returns: a DataFrame with the key column(s), then ``entity_id``, ``score``, ``band``,
        ``list``, ``name``, ``matched_name`` and ``explanation`` (JSON text): one row per hit.
    """
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    keys: List[str] = [key] if isinstance(key, str) else list(key)
    for k in keys:
        if k not in df.columns:
            raise ValueError(f"key column {k!r} is not in the DataFrame (columns: {df.columns})")
        if k in HIT_COLUMNS:
            raise ValueError(
                f"key column {k!r} has the name of a result column; rename it first"
            )
    if not 1 <= limit <= 500:  # namesake_screening::options::MAX_LIMIT
        raise ValueError(f"limit: must be a whole number from 1 to 500, got {limit}")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold: must be a number between 0 and 1, got {threshold}")

    key_columns = [_column(df, k).alias(f"{_KEY_PREFIX}{i}") for i, k in enumerate(keys)]
    if columns is None:
        subject_columns = [_column(df, c) for c in df.columns]
    else:
        missing = [c for c in columns.values() if c not in df.columns]
        if missing:
            raise ValueError(f"columns: {missing} not in the DataFrame (columns: {df.columns})")
        subject_columns = [_column(df, src).alias(cli) for cli, src in columns.items()]
    subjects = df.select(*key_columns, *subject_columns)

    if ship:
        df.sparkSession.sparkContext.addFile(index_path)
    out_schema = StructType(
        [StructField(k, df.schema[k].dataType, True) for k in keys]
        + [
            StructField("entity_id", StringType(), False),
            StructField("score", DoubleType(), False),
            StructField("band", StringType(), False),
            StructField("list", StringType(), False),
            StructField("name", StringType(), False),
            StructField("matched_name", StringType(), False),
            StructField("explanation", StringType(), True),
        ]
    )
    n_keys = len(keys)

    def screen_batches(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa

        index = _load_index(index_path, ship)
        for batch in batches:
            hits = index.screen_batch(batch, threshold=threshold, limit=limit, parallel=False)
            if hits.num_rows == 0:
                continue
            rows = hits.column("row_index").combine_chunks()
            arrays = [batch.column(f"{_KEY_PREFIX}{i}").take(rows) for i in range(n_keys)]
            arrays += [hits.column(c).combine_chunks() for c in HIT_COLUMNS]
            yield pa.RecordBatch.from_arrays(arrays, names=keys + list(HIT_COLUMNS))

    return subjects.mapInArrow(screen_batches, out_schema)
