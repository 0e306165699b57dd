"""The docs say what the code does: the layers of docs/architecture.md are the import-linter
contract's, and every requirement code cited in the code is defined in docs/security.md."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = [p for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "tests"]
REQUIREMENT = re.compile(r"\b([RUOI]\d{1,2})\b")


def _documented_layers() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = text.split("<!-- layers:", 1)[1].split("```", 2)[1]
    return [line.strip() for line in block.strip().splitlines()]


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return layers["layers"]


def test_the_architecture_doc_lists_the_layers_of_the_import_contract():
    assert _documented_layers() == _contract_layers()


def _cited_codes() -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for directory in CODE_DIRS:
        for path in directory.rglob("*.py"):
            for line in path.read_text().splitlines():
                comment = line.split("#", 1)[1] if "#" in line else ""
                text = comment or (line if '"""' in line or line.startswith(" ") else "")
                for code in REQUIREMENT.findall(text):
                    cited.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return cited


def test_every_requirement_code_cited_in_the_code_is_defined_in_docs_security():
    defined = set(
        re.findall(r"^- \*\*([RUOI]\d{1,2})\*\*", (ROOT / "docs" / "security.md").read_text(), re.M)
    )
    cited = _cited_codes()

    undefined = {code: places for code, places in cited.items() if code not in defined}
    assert cited, "the scan found no cited code: the pattern is broken"
    assert not undefined, undefined
