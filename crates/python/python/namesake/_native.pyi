"""Type stubs of the native module (Rust, through pyo3). See the docstrings at run time."""

from os import PathLike
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import pyarrow

_Path = Union[str, "PathLike[str]"]
_Strings = Union[str, Sequence[str], None]

DEFAULT_THRESHOLD: float
__version__: str

class Hit:
    """One listed entity matching a screened subject (what ``namesake screen --json`` prints)."""

    @property
    def entity_id(self) -> str:
        """``<list>:<publisher key>``, e.g. ``un:QDi.015``."""
    @property
    def score(self) -> float:
        """0 to 1, rounded to three places as the command line prints it."""
    @property
    def band(self) -> str:
        """``strong`` (≥ 0.90), ``probable`` (≥ 0.80), ``possible`` (≥ 0.70), or ``none``."""
    @property
    def list(self) -> str:
        """The list code: ``un``, ``ofac-sdn``, ``uk``…"""
    @property
    def list_name(self) -> str: ...
    @property
    def name(self) -> str:
        """The entity's primary name."""
    @property
    def matched_name(self) -> str:
        """The listed name that matched best."""
    @property
    def schema(self) -> str:
        """The type as the CLI's JSON writes it: ``Person``, ``Organization``, ``Vessel``…"""
    @property
    def explanation(self) -> Optional[Dict[str, Any]]:
        """How each token aligned, and what the other evidence added or took away."""
    @property
    def details(self) -> Dict[str, str]: ...
    @property
    def listed(self) -> Dict[str, Any]:
        """The entity's dates and places of birth, nationalities, identifiers, programmes."""
    @property
    def also_on(self) -> List[Dict[str, Any]]:
        """The same party's entries on other lists."""
    @property
    def suppressed(self) -> bool:
        """An analyst's false-positive decision in the store covers this hit."""
    @property
    def exact_name_floor(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]:
        """The hit as ``namesake screen --json`` prints it."""

class Comparison:
    """Two names compared: the score and why."""

    @property
    def score(self) -> float: ...
    @property
    def is_match(self) -> bool:
        """Whether the score reaches :data:`DEFAULT_THRESHOLD`."""
    @property
    def band(self) -> Optional[str]: ...
    @property
    def explanation(self) -> Optional[Dict[str, Any]]: ...
    def to_dict(self) -> Dict[str, Any]:
        """What ``namesake compare --json`` prints: ``score``, ``match``, ``detail``."""
    def __float__(self) -> float: ...

class Index:
    """An index over sanctions lists, ready to screen names. Safe to share between threads."""

    @staticmethod
    def from_files(paths: Iterable[_Path]) -> "Index":
        """Reads list files (format detected by content) and builds an index.

        Raises :class:`namesake.ListError`; skipped records are warned about
        (:class:`namesake.NamesakeWarning`).
        """
    @staticmethod
    def from_store(database: Optional[str] = None) -> "Index":
        """The index over the store's current list versions, applying its decisions.

        ``database``: an SQLite path or ``postgres://`` URL; default ``namesake.db`` in
        ``$NAMESAKE_HOME``. Raises :class:`namesake.StoreError`.
        """
    @staticmethod
    def load(path: _Path) -> "Index":
        """Loads a file written by :meth:`save`. Raises :class:`namesake.IndexFileError`."""
    def save(self, path: _Path) -> None:
        """Writes the index (the command line's format), whole or not at all."""
    @property
    def lists(self) -> List[Dict[str, Any]]:
        """code, name, format, published, entities, names of each list."""
    def __len__(self) -> int: ...
    def screen(
        self,
        name: str,
        *,
        dob: _Strings = None,
        nationality: _Strings = None,
        schema: Optional[str] = None,
        id_numbers: _Strings = None,
        threshold: Optional[float] = None,
        limit: int = 10,
    ) -> List[Hit]:
        """Screens one subject; the hits, best first.

        Raises :class:`namesake.InvalidInput` naming the argument it cannot read.
        """
    def screen_batch(
        self,
        table: Any,
        *,
        threshold: Optional[float] = None,
        limit: int = 10,
        parallel: bool = True,
    ) -> pyarrow.Table:
        """Screens every row of a pyarrow/pandas/polars table with the command line's column
        names; one result row per hit: ``row_index``, ``id``, ``entity_id``, ``score``,
        ``band``, ``list``, ``name``, ``matched_name``, ``explanation`` (JSON), ``suppressed``.
        """

def compare(a: str, b: str, schema: Optional[str] = None) -> Comparison:
    """Scores two names against each other, without a list (``namesake compare``)."""

def read_list(path: _Path) -> List[Dict[str, Any]]:
    """A list file's entities as dicts. Raises :class:`namesake.ListError`."""
