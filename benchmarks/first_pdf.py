"""Child process: the first record sheet after start (imports, font load, one sheet).
Prints ``pdf <bytes>``; the parent times it from process start."""

from __future__ import annotations

import sys
from datetime import datetime


def main() -> int:
    from hall_desk import pdf

    ticket = {"number": "TS-20261123-A1-0001", "kind": "complaint", "channel": "walk-in",
              "customer_name": "张三丰", "phone": "138 0013 8000", "content": "窗口排队无人引导。",
              "demand": "改进排队引导。", "status": "registered", "history": [], "deadlines": []}
    meta = pdf.RecordMeta(hall_name="城东供电营业厅", printed_at=datetime.now(), version=1,
                          content_sha256="0" * 64)
    data = pdf.record_sheet(ticket, meta)
    print(f"pdf {len(data)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
