"""docs/core-openapi.yaml documents exactly the API the sandbox serves."""

from pathlib import Path

import yaml
from django.urls import get_resolver

from core_contract import CoreError

SPEC = yaml.safe_load((Path(__file__).parents[2] / "docs/core-openapi.yaml").read_text())


def served_paths() -> set[str]:
    from sandbox_core import urls

    paths = set()
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("api/v1/"):
            paths.add("/" + route.removeprefix("api/v1/").replace("<str:", "{").replace(">", "}"))
    return paths


def test_every_served_path_is_documented_and_nothing_else():
    assert get_resolver()  # the URLconf loads
    assert served_paths() == set(SPEC["paths"])


def test_every_error_code_is_documented():
    documented = set(SPEC["components"]["schemas"]["Error"]["properties"]["code"]["enum"])

    assert set(CoreError.registry) | {CoreError.code} == documented
