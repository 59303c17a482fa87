"""Files in the police.uk street-level layout, generated for tests, the demo and benchmarks (tests
never download). They carry the real quirks: a byte-order mark, CRLF line ends, quoted commas in
locations, anti-social behaviour rows without a Crime ID and rows with no location."""

import csv
import io
import random
from collections.abc import Sequence
from datetime import date

from peoplezones.outcomes.police import OUTCOME_COLUMNS, OUTCOME_TYPES, STREET_COLUMNS

# Roughly the national mix: ASB and violence lead, bicycle theft and weapons are rare.
WEIGHTS = {
    "Anti-social behaviour": 26, "Violence and sexual offences": 30, "Public order": 7,
    "Criminal damage and arson": 7, "Other theft": 6, "Shoplifting": 6, "Vehicle crime": 5,
    "Burglary": 4, "Drugs": 3, "Other crime": 2, "Theft from the person": 1, "Robbery": 1,
    "Bicycle theft": 1, "Possession of weapons": 1,
}  # fmt: skip
STREETS = ["High Street", "Church Lane", "Park Road", "Station Road", "Mill Lane", "Victoria Road"]
OUTCOMES = [
    "Investigation complete; no suspect identified", "Unable to prosecute suspect",
    "Under investigation", "Status update unavailable", "Awaiting court outcome",
]  # fmt: skip


def street_csv(
    *,
    month: date,
    force_name: str,
    rows: int,
    places: Sequence[tuple[float, float, str, str]],
    rng: random.Random,
    spread: float = 0.004,
    weights: dict[str, int] | None = None,
) -> bytes:
    """`places`: (lon, lat, LSOA code, LSOA name) snap-point centres; rows scatter around them."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STREET_COLUMNS)
    types = list(weights or WEIGHTS)
    chances = list((weights or WEIGHTS).values())
    for _ in range(rows):
        crime_type = rng.choices(types, chances)[0]
        asb = crime_type == "Anti-social behaviour"
        if rng.random() < 0.015:  # police.uk: no location, no LSOA
            lon = lat = location = code = name = ""
            location = "No Location"
        else:
            centre_lon, centre_lat, code, name = rng.choice(places)
            lon = f"{centre_lon + rng.uniform(-spread, spread):.6f}"
            lat = f"{centre_lat + rng.uniform(-spread, spread):.6f}"
            location = rng.choice(
                ["On or near " + rng.choice(STREETS), "On or near Shopping Area, High Street"]
            )
        writer.writerow([
            "" if asb else f"{rng.getrandbits(256):064x}", f"{month:%Y-%m}", force_name, force_name,
            lon, lat, location, code, name, crime_type, "" if asb else rng.choice(OUTCOMES), "",
        ])  # fmt: skip
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def outcomes_csv(street: bytes, *, month: date, rng: random.Random, share: float = 0.6) -> bytes:
    """An outcomes file for `month`: a share of the crimes (not ASB) in a street file, each with an
    outcome reached in that month, as police.uk publishes them."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(OUTCOME_COLUMNS)
    for row in csv.DictReader(io.StringIO(street.decode("utf-8-sig"), newline="")):
        if row["Crime ID"] and rng.random() < share:
            values = [row[c] for c in OUTCOME_COLUMNS[:9]] + [rng.choice(OUTCOME_TYPES)]
            values[1] = f"{month:%Y-%m}"
            writer.writerow(values)
    return out.getvalue().encode("utf-8")


def file_name(month: date, force_slug: str, kind: str = "street") -> str:
    return f"{month:%Y-%m}/{month:%Y-%m}-{force_slug}-{kind}.csv"
