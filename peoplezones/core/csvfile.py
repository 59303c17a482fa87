"""The one CSV writer for every download and export. A text cell a spreadsheet would read as a
formula (starting with =, +, -, @, tab or carriage return: OWASP's rule) is written with a leading
apostrophe, so a name like =HYPERLINK(...) stays text when a council opens the file. Plain
numbers (-1.18) are left as they are, and our own importers take the apostrophe off again."""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"  # so spreadsheet programs read the file as UTF-8


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """A cell as it was before safe_cell, for reading our own downloads back in."""
    if value[:1] == "'" and safe_cell(value[1:]) == value:
        return value[1:]
    return value


class Writer:
    """csv.writer with every cell made safe."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def lines(rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n") -> Iterator[str]:
    """Safe CSV text, one row at a time (for streamed downloads)."""
    buffer = io.StringIO()
    writer = Writer(buffer, lineterminator=lineterminator)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def text(rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n") -> str:
    return "".join(lines(rows, lineterminator=lineterminator))


def dict_rows(fields: Sequence[str], records: Iterable[Mapping[str, Any]]) -> Iterator[list[Any]]:
    """A header, then each record's values in the header's order."""
    yield list(fields)
    for record in records:
        yield [record.get(name, "") for name in fields]


def attachment(
    rows: Iterable[Sequence[Any]], filename: str, *, bom: bool = False, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A download of safe CSV; streamed for long files."""
    chunks = lines(rows)
    if bom:
        chunks = _after(BOM, chunks)
    response: HttpResponse | StreamingHttpResponse = (
        StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
        if stream
        else HttpResponse("".join(chunks), content_type=CONTENT_TYPE)
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _after(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
