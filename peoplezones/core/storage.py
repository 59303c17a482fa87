"""Uploaded files written whole or not at all.

Django's FileSystemStorage writes straight into the final name, chunk by chunk: when the disk
fills part way, a truncated file is left where the upload should be. Here the chunks go to a
temporary file beside it, which takes the final name only once complete (a hard link, so an
existing file is never replaced); whatever fails, the temporary file is removed."""

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.storage import FileSystemStorage


class WholeFileStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            while True:
                try:
                    _place(partial, full_path)
                    break
                except FileExistsError:  # taken meanwhile: the next free name
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        return str(name).replace("\\", "/")


def _place(partial: str, final: str) -> None:
    """The complete file under its final name, never over another: a hard link where the file
    system has them; else (some network shares) a rename, once the name is seen to be free."""
    try:
        os.link(partial, final)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.exists(final):
            raise FileExistsError(final) from None
        os.rename(partial, final)


@contextmanager
def kept(model: type, field: str, upload: Any) -> Iterator[str]:
    """Store an uploaded file where ``model.field`` keeps its files and give its name, before
    any row names it: a full disk then fails here, outside every transaction, with nothing
    written (WholeFileStorage) and no row made. If the block making the row fails, the file
    goes again."""
    file_field = model._meta.get_field(field)
    name = file_field.storage.save(file_field.generate_filename(None, upload.name), upload)
    try:
        yield name
    except BaseException:
        file_field.storage.delete(name)
        raise
