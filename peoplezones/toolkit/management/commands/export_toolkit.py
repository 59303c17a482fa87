"""Export every published Tool Kit option in the exchange format."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from peoplezones.toolkit import exchange
from peoplezones.toolkit.models import Option


class Command(BaseCommand):
    help = "Write the Tool Kit as JSON (docs/toolkit-format.md) to standard output or a file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", "-o", default="-")

    def handle(self, *args: Any, **options: Any) -> None:
        data = exchange.export(
            Option.objects.all(),
            source=settings.PZ_SITE_NAME,
            base_url=settings.PZ_SITE_URL.rstrip("/"),
        )
        text = json.dumps(data, indent=1, ensure_ascii=False)
        if options["output"] == "-":
            self.stdout.write(text)
        else:
            with open(options["output"], "w", encoding="utf-8") as out:
                out.write(text)
            self.stderr.write(f"{len(data['options'])} options written to {options['output']}")
