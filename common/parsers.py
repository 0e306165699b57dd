"""The API's JSON parser: DRF's, with the depth limit of ``common.json_depth``.

A body nested too deep is a ``ParseError`` (400, ``{"code": "json_too_deep", "detail": …}``
through ``helpdesk.api.exceptions``), never a ``RecursionError`` and a 500.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from common.json_depth import exceeds_depth, too_deep_message


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep_message(), code="json_too_deep") from None
        if exceeds_depth(data):
            raise ParseError(too_deep_message(), code="json_too_deep")
        return data
