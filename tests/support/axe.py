"""axe-core in a Playwright page: serious and critical accessibility violations.

Usage in a browser test::

    from tests.support.axe import assert_accessible
    page.goto("/")
    assert_accessible(page)

axe-core is the npm package installed by scripts/bootstrap.sh (node_modules), evaluated in the
page by Playwright (the page's CSP forbids injecting it as an inline script); nothing is fetched
from the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

BLOCKING_IMPACTS = ("serious", "critical")


@cache
def _axe_source() -> str:
    path = Path(settings.AXE_CORE_PATH)
    if not path.exists():
        raise RuntimeError(f"axe-core is missing at {path}: run scripts/bootstrap.sh (npm ci)")
    return path.read_text(encoding="utf-8")


def axe_violations(
    page: Any, *, impacts: tuple[str, ...] = BLOCKING_IMPACTS, selector: str | None = None
) -> list[dict[str, Any]]:
    """The violations of the given impacts on the current page (or inside ``selector``)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP forbids an inline <script>.
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (selector) => {
            const context = selector ? document.querySelector(selector) : document;
            return await window.axe.run(context, {resultTypes: ["violations"]});
        }""",
        selector,
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} -> {targets}"
        )
    return "\n".join(lines)


def assert_accessible(page: Any, *, selector: str | None = None) -> None:
    """Fails with a readable list if axe-core finds a serious or critical violation."""
    violations = axe_violations(page, selector=selector)
    assert not violations, f"accessibility violations on {page.url}:\n{describe(violations)}"
