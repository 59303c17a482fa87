"""What setup_area and refresh_data share: a progress bar per source and the summary table."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peoplezones.datasources import area as areas
from peoplezones.datasources import services
from peoplezones.datasources.area import Area, Source
from peoplezones.datasources.models import RunStatus


def load_area(path: str | None) -> Area:
    try:
        return areas.load(path) if path else areas.current()
    except areas.AreaRefused as refused:
        raise CommandError(str(refused)) from None


def run_all(
    command: BaseCommand, area: Area, sources: list[Source], trigger: str, quiet: bool
) -> None:
    """Each source in order with its own progress bar, then the table; a failure does not stop
    the others (their messages are in the table), but the command ends with an error."""
    results = []
    for source in sources:
        bar = tqdm(desc=source.title[:40], unit="", disable=quiet, file=command.stderr, leave=True)

        def report(stage: str, done: int, total: int, bar: tqdm = bar) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.n = done
            bar.set_postfix_str(stage[:40], refresh=False)
            bar.refresh()

        started = time.monotonic()
        run = services.run_now(area, source.key, trigger, report)
        bar.close()
        if run is None:
            command.stderr.write(f"{source.title}: another run of it is under way; left to it.")
            continue
        results.append((source, run, time.monotonic() - started))
    failed = [r for r in results if r[1].status == RunStatus.FAILED]
    if not quiet or failed:
        command.stdout.write(table(results))
    if failed:
        raise CommandError(f"{len(failed)} of {len(results)} sources failed; the others loaded:\n"
                           + "\n".join(f"  {r.message}" for _s, r, _t in failed))  # fmt: skip


def table(results: list) -> str:
    header = ("Source", "Result", "Rows", "What changed", "Seconds")
    rows = [header] + [
        (source.title[:40], run.get_status_display(), f"{run.rows:,}" if run.rows is not None else "-",
         (run.changed or run.message.split(". ")[0])[:70], f"{seconds:,.1f}")
        for source, run, seconds in results
    ]  # fmt: skip
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n" + "\n".join(lines) + "\n"
