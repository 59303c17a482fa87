"""Reading the members of a zip we were given, with limits: a member may not unpack to more than
PZ_ZIP_MAX_MEMBER_MB, nor to more than PZ_ZIP_MAX_RATIO times its packed size (a 'zip bomb' packs
gigabytes of nothing into a few kilobytes). Sizes are counted while reading, not taken on trust
from the archive's own directory, which can lie."""

import io
import zipfile
from collections.abc import Callable, Iterator

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024


class ArchiveRefused(ValueError):
    """A member of the zip is refused; the message names it and says why."""


def members(data: bytes, wanted: Callable[[str], bool]) -> Iterator[tuple[str, bytes]]:
    """(name, content) of each wanted member, in name order; BadZipFile if it is not a zip."""
    limit = settings.PZ_ZIP_MAX_MEMBER_MB * 1024 * 1024
    ratio = settings.PZ_ZIP_MAX_RATIO
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or not wanted(info.filename):
                continue
            ceiling = min(limit, max(info.compress_size, 1) * ratio)
            if info.file_size > ceiling:
                raise _refused(info, info.file_size, limit, ratio)
            out, size = io.BytesIO(), 0
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    if size > ceiling:
                        raise _refused(info, size, limit, ratio)
                    out.write(chunk)
            yield info.filename, out.getvalue()


def _refused(info: zipfile.ZipInfo, size: int, limit: int, ratio: int) -> ArchiveRefused:
    values = {
        "name": info.filename,
        "mb": f"{size / 1024 / 1024:,.1f}",
        "packed": f"{info.compress_size / 1024:,.0f}",
        "limit": limit // 1024 // 1024,
        "ratio": ratio,
    }
    return ArchiveRefused(
        _(
            "%(name)s unpacks to at least %(mb)s MB from %(packed)s KB packed; the most taken is "
            "%(limit)s MB, or %(ratio)s times the packed size. Unpack it and send the CSV files "
            "instead, or ask the programme team."
        )
        % values
    )
