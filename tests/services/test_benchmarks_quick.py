"""The benchmark suite's quick mode runs end to end (no timing is asserted: the figures are
in docs/benchmarks.md, measured with the full mode)."""

from __future__ import annotations

from benchmarks import run


def test_quick_benchmarks_run(tmp_path, capsys):
    out = tmp_path / "benchmarks.md"
    assert run.main(["--quick", "--data", str(tmp_path / "data"), "--write", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    for what in ("start to first painted main window", "start-up against the stack's floor",
                 "queue first page", "search by phone",
                 "search by ticket number", "register a ticket", "register the same customer",
                 "record sheet PDF",
                 "first PDF after start", "memory with the queue open"):
        assert what in report
    assert "python -m benchmarks.run --quick" in report
