"""A package received before is known by its checked manifest (hall, sequence, content
hash) before its rows are read (issue #21 part 5: a month's package takes seconds to parse,
the re-import's goal is 1 s); an altered copy of it is still refused."""

from __future__ import annotations

import pytest

from hall_desk.core import package as fmt
from hall_desk.core.errors import HallError
from hall_desk.services import package
from hall_desk.store.headoffice import HoChainRow, HoGroup, HoPackage
from tests.services.test_package import HO, _packages, _register, headoffice  # noqa: F401


def _counts():
    return HoChainRow.select().count(), HoGroup.select().count(), HoPackage.select().count()


def test_a_package_received_before_is_not_read_again(hall, headoffice, tmp_path,
                                                     monkeypatch):
    _register(hall["liuyang"])
    one = package.export(hall["admin"], _packages(tmp_path))
    first = package.receive(HO, one.path)
    before = _counts()

    def unread(*_args):
        raise AssertionError("the rows of a package received before were read")

    monkeypatch.setattr(fmt, "read_lines", unread)
    again = package.receive(HO, one.path)
    assert (again.already, again.sequence, again.hall_id, again.counts) == (
        True, 1, first.hall_id, first.counts)
    assert _counts() == before


def test_an_altered_copy_of_a_package_received_is_refused(hall, headoffice, tmp_path):
    _register(hall["liuyang"])
    one = package.export(hall["admin"], _packages(tmp_path))
    package.receive(HO, one.path)
    before = _counts()
    data = one.path.read_bytes()
    changed = bytearray(data)
    changed[len(data) // 2] ^= 0x20
    one.path.write_bytes(bytes(changed))
    with pytest.raises(HallError) as refused:
        package.receive(HO, one.path)
    assert refused.value.key == "package.error.damaged"
    assert _counts() == before
