"""The package format's rules on plain data: encoding and its hash, any altered byte
refused, the chains' links, and what a head office does with a package given its last one."""

from __future__ import annotations

import gzip

import pytest

from hall_desk.core import package as fmt
from hall_desk.core.chain import GENESIS, canonical_json, link_hash
from hall_desk.core.errors import HallError

HALL = "0f3c2a8e-1111-4222-8333-944445555666"


def _links(prev: str, first_id: int, n: int) -> list[dict]:
    rows = []
    for i in range(first_id, first_id + n):
        new = link_hash(prev, {"i": i})
        rows.append({"id": i, "prev_hash": prev, "hash": new})
        prev = new
    return rows


def _package(sequence: int = 1, before: str = GENESIS, length: int = 0, n: int = 3,
             name: str = "城东营业厅"):
    rows = _links(before, length + 1, n)
    lines = [{"kind": "event", "row": r} for r in rows]
    lines.append({"kind": "ticket", "scope": "ticket:1", "rows": {"ticket": [{"id": 1}]}})
    manifest = {"hall": {"id": HALL, "name": name}, "sequence": sequence,
                "created_at": "2026-12-06T10:00:00", "created_by": "王丽",
                "heads_before": {"ticket_event": {"hash": before, "length": length}},
                "heads_after": {"ticket_event": {"hash": rows[-1]["hash"] if rows else before,
                                                 "length": length + n}}}
    return fmt.encode(manifest, lines)


def test_encoded_package_reads_back_with_counts_and_hash():
    data, manifest = _package()
    pkg = fmt.decode(data, "p")
    assert pkg.sequence == 1 and pkg.hall_id == HALL and pkg.sha256 == manifest["sha256"]
    assert pkg.manifest["counts"]["event"] == 3 and pkg.manifest["counts"]["ticket"] == 1
    assert pkg.manifest["format"] == fmt.FORMAT
    fmt.check_links(pkg)
    again, _ = _package()
    assert again == data                   # the same content gives the same bytes


def test_the_file_is_plain_gzip_with_one_header_on_every_system():
    data, manifest = _package()
    assert data[:10].hex() == "1f8b08000000000002ff"
    first = gzip.decompress(data).split(b"\n", 1)[0]
    assert first.decode() == canonical_json(manifest)


def test_every_altered_byte_is_refused():
    data, _ = _package()
    for position in range(len(data)):
        changed = bytearray(data)
        changed[position] ^= 0x01
        with pytest.raises(HallError) as refused:
            fmt.decode(bytes(changed), "p.hdpkg")
        assert refused.value.key == "package.error.damaged", position


def test_an_edited_manifest_rewrapped_in_gzip_is_refused():
    """Whoever edits the counts and gzips it again still fails the hash."""
    data, _ = _package()
    raw = gzip.decompress(data).replace(b'"event":3', b'"event":4', 1)
    with pytest.raises(HallError) as refused:
        fmt.decode(fmt._gzip(raw), "p")
    assert refused.value.key == "package.error.damaged"


def test_another_format_is_named():
    data, _ = _package()
    raw = gzip.decompress(data).replace(fmt.FORMAT.encode(), b"hall-desk-package/9", 1)
    with pytest.raises(HallError) as refused:
        fmt.decode(fmt._gzip(raw), "p")
    assert refused.value.key == "package.error.format"
    assert "hall-desk-package/9" in refused.value.message()


def test_a_link_left_out_is_refused():
    data, manifest = _package(n=3)
    pkg = fmt.decode(data, "p")
    shortened = fmt.Package(pkg.manifest, [pkg.lines[0], pkg.lines[2], pkg.lines[3]])
    with pytest.raises(HallError) as refused:
        fmt.check_links(shortened)
    assert refused.value.key == "package.error.links"


def test_judge_the_sequence_and_the_heads():
    first, m1 = _package(1)
    pkg1 = fmt.decode(first, "p1")
    assert fmt.judge(pkg1, 0, None, None).action == "import"
    assert fmt.judge(pkg1, 1, m1["heads_after"], m1["sha256"]).action == "already"
    after = m1["heads_after"]["ticket_event"]
    second, m2 = _package(2, after["hash"], after["length"])
    pkg2 = fmt.decode(second, "p2")
    assert fmt.judge(pkg2, 1, m1["heads_after"], None).action == "import"
    with pytest.raises(HallError) as gap:
        fmt.judge(pkg2, 0, None, None)
    assert gap.value.key == "package.error.gap" and gap.value.params["missing"] == 1
    third, _ = _package(3, m2["heads_after"]["ticket_event"]["hash"], after["length"] + 3)
    with pytest.raises(HallError) as gap:
        fmt.judge(fmt.decode(third, "p3"), 1, m1["heads_after"], None)
    assert gap.value.params["missing"] == 2 and "2" in gap.value.message()
    other, _ = _package(2, GENESIS, 0)                  # a fork: it starts elsewhere
    with pytest.raises(HallError) as fork:
        fmt.judge(fmt.decode(other, "p2b"), 1, m1["heads_after"], None)
    assert fork.value.key == "package.error.continuity" and "ticket_event" in fork.value.message()
    with pytest.raises(HallError) as conflict:
        fmt.judge(fmt.decode(other, "p2b"), 2, m2["heads_after"], m2["sha256"])
    assert conflict.value.key == "package.error.conflict"


def test_scrubber_replaces_the_secrets_in_every_string_only():
    scrub = fmt.scrubber(["欧阳秀兰", "13982735678", "", "王"])
    value = {"a": "客户欧阳秀兰来电13982735678", "b": ["欧阳秀兰"], "n": 13982735678,
             "c": "王先生"}
    assert scrub(value) == {"a": "客户＊＊＊来电＊＊＊", "b": ["＊＊＊"], "n": 13982735678,
                            "c": "王先生"}
