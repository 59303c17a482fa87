"""Reading JSON that comes from outside (uploads, pasted boundaries, API bodies, feeds): a size
limit, a nesting limit, and one clear error instead of a crash. Python's parser recurses, so a
document nested a hundred thousand deep raises RecursionError; and even a document it can parse
can be too deep for the code that walks it next (shapely, jsonschema, json.dumps)."""

import json
from typing import Any

from django.utils.translation import gettext as _

# Deep enough for any GeoJSON (a FeatureCollection of MultiPolygons is about 8 levels), Open
# Referral service (about 7) or Tool Kit file; far below what would strain a recursive walker.
MAX_DEPTH = 64


class JSONRefused(ValueError):
    """Not JSON we accept; the message says why in words a person can act on."""


def loads(raw: bytes | str, *, max_bytes: int, name: str = "", max_depth: int = MAX_DEPTH) -> Any:
    name = name or _("The file")
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > max_bytes:
        raise JSONRefused(
            _("%(name)s is %(size)s MB; the largest accepted is %(max)s MB.")
            % {"name": name, "size": f"{size / 1e6:.1f}", "max": f"{max_bytes / 1e6:g}"}
        )
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise JSONRefused(
                _("%(name)s is not UTF-8 text (byte %(at)s).") % {"name": name, "at": error.start}
            ) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise JSONRefused(
            _("%(name)s is not valid JSON: %(msg)s at line %(line)s, column %(col)s.")
            % {"name": name, "msg": error.msg, "line": error.lineno, "col": error.colno}
        ) from None
    except RecursionError:
        too_deep = True
    else:
        too_deep = depth(data, stop_after=max_depth) > max_depth
    if too_deep:
        raise JSONRefused(
            _("%(name)s is nested too deeply (more than %(max)s levels of lists and objects).")
            % {"name": name, "max": max_depth}
        )
    return data


def depth(value: Any, *, stop_after: int = MAX_DEPTH) -> int:
    """How deeply lists and objects nest (a scalar is 0), counted without recursion; counting
    stops once past ``stop_after``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > deepest:
            deepest = level
            if deepest > stop_after:
                break
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest
