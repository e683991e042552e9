"""namesake: sanctions screening with explained scores.

Screen names against the UN, OFAC, UK, EU, Canada, Australia and Türkiye lists (and your own),
in another script, spelling, word order or under an alias::

    import namesake
    index = namesake.Index.from_files(["un_sc_consolidated.xml"])
    for hit in index.screen("Abu Bakr al-Baghdadi"):
        print(hit.entity_id, hit.score, hit.name)

- :class:`Index` — built from list files (:meth:`Index.from_files`), from the store that
  ``namesake import`` fills (:meth:`Index.from_store`), or loaded from a file saved with
  :meth:`Index.save` (the command line's index format).
- :meth:`Index.screen` — one subject; :meth:`Index.screen_batch` — a pyarrow, pandas or polars
  table, on all cores with the GIL released.
- :func:`compare` — two names without a list; :func:`read_list` — a list file as dicts.
- :mod:`namesake.spark` — screening a Spark DataFrame with ``mapInArrow``.

The screening is the command line's, through the same Rust library: the same hits and scores.
"""

from ._errors import (
    IndexFileError,
    InvalidInput,
    ListError,
    NamesakeError,
    NamesakeWarning,
    StoreError,
)
from ._native import (
    DEFAULT_THRESHOLD,
    Comparison,
    Hit,
    Index,
    __version__,
    compare,
    read_list,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "Hit",
    "Index",
    "IndexFileError",
    "InvalidInput",
    "ListError",
    "NamesakeError",
    "NamesakeWarning",
    "StoreError",
    "__version__",
    "compare",
    "read_list",
]
