"""The exceptions namesake raises; each carries the library's message."""


class NamesakeError(Exception):
    """Base class of every error namesake raises."""


class ListError(NamesakeError):
    """A list file cannot be read (missing, unreadable, or no list namesake knows)."""


class IndexFileError(NamesakeError):
    """An index file cannot be read or written (not an index, another format version, corrupt)."""


class StoreError(NamesakeError):
    """The store cannot be opened or read, or holds no list."""


class InvalidInput(NamesakeError, ValueError):
    """An argument or a table that cannot be screened: an unreadable date of birth, country or
    type, a threshold outside 0–1, a limit of 0, a table without a name column."""


class NamesakeWarning(UserWarning):
    """Records a list reader skipped; batch values screened without (an unreadable date…)."""
