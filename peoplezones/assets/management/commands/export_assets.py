"""Export assets as CSV (the import template's layout), GeoJSON or Open Referral UK JSON."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from peoplezones.assets import exporters
from peoplezones.assets.models import Asset
from peoplezones.core import csvfile


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("format", choices=["csv", "geojson", "openreferral"])
        parser.add_argument("--zone", help="only assets in this Zone (slug)")
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        assets = Asset.objects.select_related("category").order_by("id")
        if options["zone"]:
            assets = assets.filter(zones__slug=options["zone"])
        fmt = options["format"]
        if fmt == "csv":
            chunks: Any = csvfile.lines(exporters.csv_rows(assets.iterator()))
        elif fmt == "geojson":
            chunks = exporters.geojson_chunks(assets.iterator())
        else:
            page = exporters.oruk_document(assets)
            chunks = [json.dumps(page, ensure_ascii=False, indent=1)]
        out = (
            options["output"].open("w", encoding="utf-8", newline="")
            if options["output"]
            else sys.stdout
        )
        try:
            for chunk in chunks:
                out.write(chunk)
        finally:
            if options["output"]:
                out.close()
