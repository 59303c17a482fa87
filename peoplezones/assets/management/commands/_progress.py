"""A progress bar for commands (tqdm on stderr) fed by the importers' (done, total) callbacks."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_bar(label: str, unit: str = "rows") -> Iterator[Callable[[int, int], None]]:
    bar = tqdm(desc=label, unit=f" {unit}", dynamic_ncols=True)

    def update(done: int, total: int) -> None:
        if total and bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
