"""The error answers every operation can give, added to the OpenAPI schema (drf-spectacular
postprocessing hook) so clients, and schemathesis, know them."""

from typing import Any

_ERROR = {
    "type": "object",
    "description": "'detail' says what is wrong; a refused body names each field instead.",
    "additionalProperties": True,
}
COMMON = {
    "400": "A filter, page or body that is not valid: the answer names it",
    "404": "No such thing, or a page past the last",
    "429": "Too many requests: wait and try again",
}
WITH_TOKEN = {
    "401": "No token, or one that is not valid or was revoked",
    "403": "The token or its owner may not do this here",
}


def standard_errors(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = dict(COMMON)
            if any("tokenAuth" in scheme for scheme in operation.get("security", [])):
                wanted |= WITH_TOKEN
            for code, description in wanted.items():
                responses.setdefault(
                    code,
                    {"description": description,
                     "content": {"application/json": {"schema": _ERROR}}},
                )  # fmt: skip
    return result
