"""UK postcodes: the one place that knows their shape."""

import re

_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_SECTOR = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]")


def normalise_postcode(value: str) -> str | None:
    """'le31ab' -> 'LE3 1AB'; None when the text is not shaped like a UK postcode."""
    match = _POSTCODE.fullmatch(re.sub(r"\s+", "", value or "").upper())
    return f"{match.group(1)} {match.group(2)}" if match else None


def postcode_sector(postcode: str) -> str:
    """'LE3 1AB' -> 'LE3 1': the sector, a few thousand homes, for figures that must not point
    at one address. Expects a normalised postcode; a sector (kept after erasure) stays as it is."""
    if _SECTOR.fullmatch(postcode):
        return postcode
    return postcode[:-2].strip()
