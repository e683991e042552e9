"""Errors are Python exceptions carrying the library's messages."""

from __future__ import annotations

import pyarrow as pa
import pytest

import namesake


def test_missing_list_file(tmp_path):
    path = tmp_path / "nope.xml"
    with pytest.raises(namesake.ListError, match="nope.xml") as e:
        namesake.Index.from_files([path])
    assert isinstance(e.value, namesake.NamesakeError)
    with pytest.raises(namesake.ListError):
        namesake.read_list(path)


def test_file_that_is_no_list(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(namesake.ListError, match="not a list namesake can read"):
        namesake.Index.from_files([path])


def test_index_file_errors(tmp_path):
    bad = tmp_path / "bad.idx"
    bad.write_bytes(b"not an index at all")
    with pytest.raises(namesake.IndexFileError, match="bad.idx"):
        namesake.Index.load(bad)
    with pytest.raises(namesake.IndexFileError):
        namesake.Index.load(tmp_path / "missing.idx")


def test_empty_store(tmp_path):
    with pytest.raises(namesake.StoreError, match="no list imported"):
        namesake.Index.from_store(str(tmp_path / "namesake.db"))


def test_unreadable_arguments_name_the_argument(un_index):
    with pytest.raises(namesake.InvalidInput, match="^dob: "):
        un_index.screen("Jane Roe", dob="31/02/1990")
    with pytest.raises(namesake.InvalidInput, match="^nationality: .*Atlantis"):
        un_index.screen("Jane Roe", nationality="Atlantis")
    with pytest.raises(namesake.InvalidInput, match="^schema: "):
        un_index.screen("Jane Roe", schema="banana")
    with pytest.raises(ValueError, match="^threshold: "):  # InvalidInput is a ValueError too
        un_index.screen("Jane Roe", threshold=1.5)
    with pytest.raises(namesake.InvalidInput, match="^limit: "):
        un_index.screen("Jane Roe", limit=0)
    with pytest.raises(namesake.InvalidInput, match="^name: "):
        un_index.screen("  ")
    with pytest.raises(namesake.InvalidInput, match="no letter or digit"):
        un_index.screen("-- .,")
    with pytest.raises(namesake.InvalidInput, match="^schema: "):
        namesake.compare("a", "b", schema="banana")


def test_tables_that_cannot_be_screened(un_index):
    with pytest.raises(namesake.InvalidInput, match="no name column: found the columns \"id\", \"dob\""):
        un_index.screen_batch(pa.table({"id": ["1"], "dob": ["1970"]}))
    with pytest.raises(namesake.InvalidInput, match="column \"name\": type"):
        un_index.screen_batch(pa.table({"name": pa.array([b"x"], pa.binary())}))
    with pytest.raises(TypeError, match="screen_batch takes"):
        un_index.screen_batch([{"name": "x"}])


def test_unreadable_batch_values_warn_and_screen(un_index):
    table = pa.table({"name": ["Abu Bakr al-Baghdadi"], "date_of_birth": ["31/02/1990"]})
    with pytest.warns(namesake.NamesakeWarning, match="row 0: birth_date: "):
        hits = un_index.screen_batch(table)
    assert hits.num_rows > 0
