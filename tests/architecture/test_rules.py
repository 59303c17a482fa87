"""The house rules, read from the source: core and privacy import no domain app; zones imports
none of the apps that measure or add to it; no app imports the outer apps that gather from all;
no import circle between apps or between the modules of one app; imports inside functions only
where a comment says why; views and management commands write only through services. Each rule
is also run on a small made-up tree that breaks it, so a rule that can no longer fail is caught.
"""

import re
import textwrap
from pathlib import Path

import pytest

from tests.architecture import graph, writes

ROOT = graph.ROOT
# What an app may not import (besides the platform rule and the outer apps).
FORBIDDEN = {
    "zones": {
        "research",
        "outcomes",
        "toolkit",
        "assets",
        "community",
        "volunteering",
        "evaluation",
    }
}


def layer_breaks(root: Path = ROOT) -> list[str]:
    found = []
    for imp in graph.imports(root):
        source, target = graph.app_of(imp.source), graph.app_of(imp.target)
        if not source or not target or source == target:
            continue
        where = f"{graph.module_path(imp.source, root)}:{imp.line} imports {imp.target}"
        if source in graph.PLATFORM and target not in graph.PLATFORM:
            found.append(f"{where}: {source} is the platform and imports no domain app")
        elif target in graph.OUTER:
            found.append(f"{where}: {target} gathers from every app; no app imports it")
        elif target in FORBIDDEN.get(source, ()):
            found.append(f"{where}: {source} asks a registry instead (docs/architecture.md)")
    return found


def circles(root: Path = ROOT) -> list[str]:
    found = [f"apps: {' <-> '.join(c)}" for c in graph.cycles(graph.app_graph(root))]
    for app in graph.apps(root):
        found += [f"{app}: {' <-> '.join(c)}" for c in graph.cycles(graph.module_graph(app, root))]
    return found


def unexplained_lazy_imports(root: Path = ROOT) -> list[str]:
    return [
        f"{i.path}:{i.line} in {i.function}(): {i.names}"
        for i in graph.lazy_imports(root)
        if not i.commented
    ]


def test_core_and_privacy_import_no_domain_app_and_zones_no_spoke():
    assert layer_breaks() == []


def test_no_import_circle_between_apps_or_between_modules_of_an_app():
    assert circles() == []


def test_an_import_inside_a_function_says_why():
    assert unexplained_lazy_imports() == [], (
        "Move these imports to the top of the module, or say why on the line (a heavy library "
        "loaded lazily, say); an import circle is not a reason: break the circle."
    )


def test_views_and_commands_write_only_through_services():
    found = [f"{w.path}:{w.line}: {w.call}()" for w in writes.writes()]
    assert found == [], "Call a service (the app's services.py) for these writes: " + "; ".join(
        found
    )


def test_the_diagram_in_the_architecture_notes_is_the_code_s():
    notes = (ROOT / "docs" / "architecture.md").read_text()
    drawn = re.search(r"```mermaid\n(.*?)```", notes, re.S)
    assert drawn, "docs/architecture.md has no mermaid diagram"
    assert drawn.group(1).strip() == graph.mermaid().strip(), (
        "The app graph changed: paste the output of `python -m tests.architecture.graph` into "
        "docs/architecture.md"
    )


# --- Each rule fails on a tree that breaks it ---------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"peoplezones/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(tmp_path).parents:
            if str(parent) != "." and not (tmp_path / parent / "__init__.py").exists():
                (tmp_path / parent / "__init__.py").write_text("")
        path.write_text(textwrap.dedent(text))
    return tmp_path


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"peoplezones/core/views.py": "from peoplezones.zones.models import Zone\n"},
         "core is the platform"),
        ({"peoplezones/privacy/retention.py": "import peoplezones.volunteering.models\n"},
         "privacy is the platform"),
        ({"peoplezones/zones/forms.py": "from peoplezones.research import measures\n"},
         "zones asks a registry"),
        ({"peoplezones/zones/views/public.py": "from peoplezones.outcomes.queries import x\n"},
         "zones asks a registry"),
        ({"peoplezones/assets/views.py": "from peoplezones.api import views\n"},
         "api gathers from every app"),
    ],
)  # fmt: skip
def test_a_layer_break_is_caught(tmp_path, files, expected):
    assert expected in " ".join(layer_breaks(_tree(tmp_path, files)))


def test_a_circle_is_caught_between_apps_and_between_modules(tmp_path):
    root = _tree(tmp_path, {
        "peoplezones/zones/services.py": "from peoplezones.toolkit import services\n",
        "peoplezones/toolkit/services.py": """
            def adopt():
                from peoplezones.zones import services  # lazily, to dodge the circle
        """,
        "peoplezones/community/services.py": "from peoplezones.community import tasks\n",
        "peoplezones/community/tasks.py": "from peoplezones.community.services import x\n",
    })  # fmt: skip
    found = circles(root)
    assert "apps: toolkit <-> zones" in found
    assert "community: peoplezones.community.services <-> peoplezones.community.tasks" in found


def test_an_unexplained_import_inside_a_function_is_caught(tmp_path):
    root = _tree(tmp_path, {
        "peoplezones/assets/importers.py": """
            def read_pbf():
                import osmium  # a large native library, needed for one format
            def read_geojson():
                from shapely.geometry import shape
        """,
        "peoplezones/assets/apps.py": """
            class AssetsConfig:
                def ready(self):
                    from peoplezones.assets import signals
        """,
    })  # fmt: skip
    assert unexplained_lazy_imports(root) == [
        "peoplezones/assets/importers.py:5 in read_geojson(): from shapely.geometry import shape"
    ]


def test_a_write_in_a_view_or_a_command_is_caught(tmp_path):
    root = _tree(tmp_path, {
        "peoplezones/volunteering/views.py": """
            def ask(request, form, help_request, context, buffer, qr):
                help_request.save()
                form.save(commit=False)
                Visit.objects.filter(pk=1).update(notes="")
                Upload.objects.create(file=None)
                audit.record(actor=None)
                context.update({"form": form})
                qr.save(buffer, kind="svg")
        """,
        "peoplezones/api/management/commands/api_token.py": """
            def handle():
                Token.objects.filter(prefix="x").delete()
        """,
    })  # fmt: skip
    found = {(Path(w.path).name, w.call) for w in writes.writes(writes.thin_modules(root))}
    assert found == {
        ("views.py", "help_request.save"), ("views.py", "form.save"),
        ("views.py", "Visit.objects.filter(pk=1).update"), ("views.py", "Upload.objects.create"),
        ("views.py", "audit.record"), ("api_token.py", "Token.objects.filter(prefix='x').delete"),
    }  # fmt: skip
