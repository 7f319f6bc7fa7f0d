"""The figures of docs/reliability.md, "Printed records that verify": every versioned
print of a fresh demo hall (record sheet, complaint file, notice slip, receipt A5 and
80 mm, reception record, handover record) altered by the attacks of
tests/services/test_verify_pdf_attacks.py and by N seeded 3-byte flips each, then verified.

    python scripts/verify_pdf_figures.py [--seeds 100]
"""

from __future__ import annotations

import argparse
import collections
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "services")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["HALL_DESK_CONFIG"] = str(Path(tmp) / "config.toml")
        os.environ["XDG_DATA_HOME"] = os.environ["XDG_STATE_HOME"] = tmp
        return figures(Path(tmp), args.seeds)


def figures(tmp: Path, seeds: int) -> int:
    from pypdf import PdfReader

    from hall_desk.core.enums import Role
    from hall_desk.services import demo
    from hall_desk.services.context import Actor, clock
    from hall_desk.store.connection import close_database, open_database
    from hall_desk.store.models import Staff

    import test_verify_pdf_attacks as attack

    open_database(path=tmp / "hall.sqlite3")
    demo.ensure_demo_hall()
    hall = {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}
    moment = [attack.T]
    with clock(lambda: moment[0]):
        prints = attack.make_prints(hall, moment)
    tally: collections.Counter = collections.Counter()
    accepted_wrongly, spent = 0, []
    for name, data in prints.items():
        assert attack.printing.verify_pdf(data).ok, name
        pages = len(PdfReader(io.BytesIO(data)).pages)
        cases = {"white-out": attack.white_out(data), "added text": attack.add_text(data),
                 "added page": attack.add_page(data),
                 "incremental update (text)": attack.incremental(data, draw=True),
                 "incremental update (metadata)": attack.incremental(data, draw=False)}
        if pages > 1:
            cases.update({"dropped page 2": attack.drop_page(data, 1),
                          "dropped last page": attack.drop_page(data, pages - 1),
                          "reordered pages": attack.reorder(data)})
        cases.update({f"3 byte flips #{seed}": attack.flip(data, seed) for seed in range(seeds)})
        for case, altered in cases.items():
            started = time.perf_counter()
            result = attack.verdict_of(altered)
            spent.append(time.perf_counter() - started)
            group = "3 byte flips" if case.startswith("3 byte flips") else case
            if isinstance(result, str):
                tally[group, f"unreadable ({result})"] += 1
                continue
            accepted_wrongly += result.ok
            words = result.message
            said = ("ACCEPTED" if result.ok else "page named" if "页与数据库" in words
                    else "missing page named" if "缺少" in words
                    else "added page named" if "多出" in words
                    else "rest of the file" if "其余部分" in words
                    else "damaged" if "已损坏" in words else words)
            tally[group, said] += 1
    close_database()
    total = sum(tally.values())
    print(f"{len(prints)} printed records, {total} altered files, "
          f"{total - accepted_wrongly} refused, {accepted_wrongly} accepted")
    for (group, said), n in sorted(tally.items()):
        print(f"  {group}: {said} {n}")
    spent.sort()
    print(f"verify-pdf on an altered file: median {spent[len(spent) // 2]:.2f} s, "
          f"max {spent[-1]:.2f} s")
    return 1 if accepted_wrongly else 0


if __name__ == "__main__":
    sys.exit(main())
