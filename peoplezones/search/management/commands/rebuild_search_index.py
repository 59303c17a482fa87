"""Write the whole search index afresh (or some kinds of it), showing progress.

Saves keep the index in step by themselves; run this after loading data with bulk tools that
send no signals, or nightly so that events which have passed drop out."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peoplezones.search import registry, services


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--kind", action="append", dest="kinds", metavar="KIND",
            help="only this kind (repeat for several): "
            + ", ".join(kind.key for kind in registry.kinds()),
        )  # fmt: skip

    def handle(self, *args: Any, kinds: list[str] | None = None, **options: Any) -> None:
        known = {kind.key for kind in registry.kinds()}
        unknown = sorted(set(kinds or ()) - known)
        if unknown:
            raise CommandError(
                f"Unknown kind {', '.join(unknown)}: choose from {', '.join(sorted(known))}."
            )

        def progress(key: str, done: int, total: int) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {key}: {done}/{total}")

        counts = services.rebuild(kinds, progress=progress)
        if options["verbosity"] >= 1:
            summary = ", ".join(f"{n} {key}" for key, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
