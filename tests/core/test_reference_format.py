"""The reference package's format (core/reference.py): what is signed, what any altered
byte does, which key is trusted, version ordering, and the calendar written back as the
file ``calendar import`` reads."""

from __future__ import annotations

import base64

import pytest

from hall_desk.core import reference as fmt
from hall_desk.core.errors import HallError
from hall_desk.core.workdays import library_year, loads_year

KEY = fmt.new_private_key()
OTHER = fmt.new_private_key()
MANIFEST = {"kind": "phrases", "subject": "phrases", "version": 3, "issuer": "总部",
            "hall": None, "created_at": "2026-12-01T09:00:00", "created_by": "总部管理员"}
CONTENT = {"template": {"version": 4, "phrases": [], "vague_words": ["尽快"]}}


def _trusted(key: bytes = KEY) -> set[str]:
    return {fmt.fingerprint(fmt.raw_public(fmt.public_pem(key)))}


def test_a_package_reads_back_with_its_key():
    data = fmt.encode(MANIFEST, CONTENT, KEY)
    ref = fmt.decode(data, "x.hdref")
    assert (ref.kind, ref.subject, ref.version, ref.content) == ("phrases", "phrases", 3, CONTENT)
    assert ref.fingerprint in _trusted()
    fmt.check_trusted(ref, _trusted())
    assert fmt.is_reference(data) and not fmt.is_reference(b"not a package")
    assert fmt.encode(MANIFEST, CONTENT, KEY) == data        # Ed25519 is deterministic


def test_every_altered_byte_is_refused():
    data = fmt.encode(MANIFEST, CONTENT, KEY)
    for at in range(len(data)):
        changed = bytearray(data)
        changed[at] ^= 0x20
        with pytest.raises(HallError) as refused:
            fmt.decode(bytes(changed), "x.hdref")
        assert refused.value.key in ("reference.error.damaged", "reference.error.signature",
                                     "reference.error.format"), at
    with pytest.raises(HallError):
        fmt.decode(data[:-3], "x.hdref")


def test_another_key_is_not_trusted_and_a_borrowed_name_does_not_verify():
    ref = fmt.decode(fmt.encode(MANIFEST, CONTENT, OTHER))
    with pytest.raises(HallError) as refused:
        fmt.check_trusted(ref, _trusted(), "x.hdref")
    assert refused.value.key == "reference.error.untrusted"
    assert refused.value.params["fingerprint"] == ref.fingerprint
    # the manifest edited to name the trusted key: the signature (by OTHER) no longer holds
    raw = fmt.encode(MANIFEST, CONTENT, OTHER)
    mine = base64.b64encode(fmt.raw_public(fmt.public_pem(KEY))).decode()
    theirs = base64.b64encode(fmt.raw_public(fmt.public_pem(OTHER))).decode()
    with pytest.raises(HallError) as refused:
        fmt.decode(raw.replace(theirs.encode(), mine.encode()))
    assert refused.value.key == "reference.error.signature"


@pytest.mark.parametrize(("have", "version", "ok"), [
    (None, 1, True), (1, 2, True), (2, 10, True), (2, 2, False), (3, 2, False), (10, 9, False)])
def test_only_a_newer_version_is_taken(have, version, ok):
    ref = fmt.decode(fmt.encode({**MANIFEST, "version": version}, CONTENT, KEY))
    if ok:
        fmt.check_newer(ref, have)
    else:
        with pytest.raises(HallError) as refused:
            fmt.check_newer(ref, have)
        assert refused.value.key == "reference.error.not_newer"
        assert (refused.value.params["have"], refused.value.params["version"]) == (have, version)


def test_subjects_count_versions_per_year_and_per_hall():
    assert fmt.subject("calendar", year=2027) == "calendar:2027"
    assert fmt.subject("staff", hall="abc") == "staff:abc"
    assert fmt.subject("phrases", year=2027, hall="abc") == "phrases"
    assert fmt.file_name("calendar", "calendar:2027", 2) == "reference-calendar-2027-v0002.hdref"


def test_a_staff_package_is_for_its_hall_and_categories_for_their_industry():
    staff = fmt.decode(fmt.encode({**MANIFEST, "kind": "staff", "subject": "staff:h1",
                                   "hall": "h1"}, {"staff": []}, KEY))
    fmt.check_for_hall(staff, "h1", "default")
    with pytest.raises(HallError) as refused:
        fmt.check_for_hall(staff, "h2", "default")
    assert refused.value.key == "reference.error.other_hall"
    cats = fmt.decode(fmt.encode({**MANIFEST, "kind": "categories", "subject": "categories"},
                                 {"industry": "state_grid", "entries": []}, KEY))
    fmt.check_for_hall(cats, "h1", "state_grid")
    with pytest.raises(HallError) as refused:
        fmt.check_for_hall(cats, "h1", "banking")
    assert refused.value.key == "reference.error.industry"


def test_keys_that_are_not_ed25519_pem_are_named():
    with pytest.raises(HallError) as refused:
        fmt.raw_public(b"-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----\n", "k.pub")
    assert refused.value.key == "reference.error.key" and refused.value.params["path"] == "k.pub"
    with pytest.raises(HallError):
        fmt.raw_public(KEY, "private.pem")       # a private key is not what a hall installs


@pytest.mark.parametrize("year", [2020, 2024, 2025])
def test_the_calendar_file_reads_back_as_the_same_year(year):
    found = library_year(year)
    assert loads_year(fmt.calendar_toml(found)).to_dict() == found.to_dict()
