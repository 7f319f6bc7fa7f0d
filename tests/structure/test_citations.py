"""The code cites docs/domain.md, which is in the repository, not the documents it was made
from: no path outside the repository, no manual by its seed number, and every cited section
exists. (The patterns are spelled so that the grep of the issue does not find this file.)"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"shared[/]|DOMAIN[.]md|(?i:seeds?[ _/]?[0]|seed[ ]00)")
CITED = re.compile(r"domain\.md (§\d+(?:\.\d+)?)")


def _files():
    for top in ("hall_desk", "resources"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in (".py", ".toml", ".md") and path.is_file():
                yield path


def test_no_citation_of_documents_outside_the_repository():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in _files()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if OUTSIDE.search(line)]
    assert found == []


def test_every_cited_section_of_domain_md_exists():
    headings = set(re.findall(r"^#+ (§\d+(?:\.\d+)?) ",
                              (ROOT / "docs" / "domain.md").read_text(encoding="utf-8"),
                              re.MULTILINE))
    cited = {(path.relative_to(ROOT), section)
             for path in _files()
             for section in CITED.findall(path.read_text(encoding="utf-8"))}
    assert len(cited) >= 10
    assert sorted(str(c) for c in cited if c[1] not in headings) == []
