"""Request bodies the API reads: JSON with the platform's size and nesting limits (core.jsoninput),
so a hostile body is a 400 naming the problem, never a server error."""

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from peoplezones.core import jsoninput

MAX_BODY_BYTES = 1_000_000


class LimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        try:
            return jsoninput.loads(raw, max_bytes=MAX_BODY_BYTES, name="The request body")
        except jsoninput.JSONRefused as refused:
            raise ParseError(str(refused)) from None
