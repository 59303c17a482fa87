"""Every word the public side shows is marked for translation: a test that fails on a template's
visible text or human-facing attribute outside `{% translate %}`/`{% blocktranslate %}`, and on a
Python message, label, hint or error written as a bare string. (What staff write, names, numbers
and addresses come from the database and are not in templates.)"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[3]
WORD = re.compile(r"[^\W\d_]{2,}")
# Attributes a person reads or hears.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
# Words that are the same in every language here: a language's name in itself (the switcher and
# survey language links name each language in its own script), file formats and standards.
SAME_IN_EVERY_LANGUAGE = {"English", "CSV", "JSON", "GeoJSON", "PDF", "SVG", "API", "OpenAPI",
                          "iCalendar", "RSS", "Atom", "UK", "GOV", "OGL"}  # fmt: skip
# Templates that cannot use the translation machinery, each with its reason.
EXEMPT = {
    "core/templates/500.html": "shown when the server fails: plain HTML with no template tags",
    "core/templates/drf_spectacular/swagger_ui.html": "the API explorer's own page, for developers",
    "core/templates/core/includes/basemap_attrs.html": "attributes inside a tag, no text",
    "core/templates/rosetta/base.html": "django-rosetta's page (its name), overridden for contrast",
    "core/templates/rosetta/form.html": "django-rosetta's page, overridden for labels; its catalogue",
}
SKIP_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
               "comment": "endcomment", "verbatim": "endverbatim"}  # fmt: skip
PLACEHOLDER = " \x00 "  # spaced, so `<h1{{ attrs }}>` still reads as a tag


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        values = dict(attrs)
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._check(value, f"{tag} {name}")
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self._check(values["value"] or "", "button value")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._check(data, "text")

    def _check(self, text: str, where: str) -> None:
        words = [
            w
            for w in WORD.findall(text.replace(PLACEHOLDER, " "))
            if w not in SAME_IN_EVERY_LANGUAGE
        ]
        if words:
            self.found.append(f"{where}: {' '.join(text.replace(PLACEHOLDER, '…').split())[:80]!r}")


def unmarked_in_template(source: str) -> list[str]:
    html: list[str] = []
    closing = ""
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = ""
            html.append(PLACEHOLDER)
            continue
        if token.token_type == TokenType.TEXT:
            html.append(token.contents)
        elif token.token_type == TokenType.BLOCK and token.contents.split()[0] in SKIP_BLOCKS:
            closing = SKIP_BLOCKS[token.contents.split()[0]]
            html.append(PLACEHOLDER)
        else:
            html.append(PLACEHOLDER)
    parser = _Visible()
    parser.feed("".join(html))
    parser.close()
    return parser.found


def _templates() -> list[Path]:
    return sorted(
        path for path in (ROOT / "peoplezones").glob("*/templates/**/*")
        if path.suffix in {".html", ".txt"} and "tests" not in path.parts
    )  # fmt: skip


def test_every_template_marks_its_words():
    problems = {}
    for path in _templates():
        relative = str(path.relative_to(ROOT / "peoplezones")).split("/", 1)[1]
        if relative in EXEMPT or str(path.relative_to(ROOT / "peoplezones")) in EXEMPT:
            continue
        found = unmarked_in_template(path.read_text("utf-8"))
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}, "Words not marked for translation:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items()
    )


def test_the_check_finds_what_it_should():
    assert unmarked_in_template("<p>Hello there</p>") == ["text: 'Hello there'"]
    assert unmarked_in_template('<img alt="A map" src="x">') == ["img alt: 'A map'"]
    assert unmarked_in_template('<input type="submit" value="Send">') == ["button value: 'Send'"]
    assert unmarked_in_template("{% load i18n %}<p>{% translate 'Hello' %} {{ name }}</p>") == []
    assert (
        unmarked_in_template(
            "{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}<script>var a = 'word';</script>"
        )
        == []
    )
    assert unmarked_in_template("{% comment %}A note{% endcomment %}<p>CSV · 12</p>") == []


MESSAGE_CALLS = {"success", "error", "warning", "info", "add_message"}
TEXT_KEYWORDS = {"label", "help_text", "empty_label"}


def _bare(node: ast.AST | None) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(WORD.search(node.value))
    )


def unmarked_in_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        owner = getattr(node.func, "value", None)
        is_message = (
            isinstance(owner, ast.Name) and owner.id == "messages" and name in MESSAGE_CALLS
        )
        if is_message and len(node.args) > 1 and _bare(node.args[1]):
            found.append(f"line {node.lineno}: messages.{name} with a bare string")
        if name == "ValidationError" and node.args and _bare(node.args[0]):
            found.append(f"line {node.lineno}: ValidationError with a bare string")
        if name == "add_error" and len(node.args) > 1 and _bare(node.args[1]):
            found.append(f"line {node.lineno}: add_error with a bare string")
        for keyword in node.keywords if name.endswith(("Field", "Choice")) else ():
            if keyword.arg in TEXT_KEYWORDS and _bare(keyword.value):
                found.append(f"line {node.lineno}: {keyword.arg}= a bare string")
    return found


def test_every_message_label_and_error_in_python_is_marked():
    problems = {}
    for path in sorted((ROOT / "peoplezones").rglob("*.py")):
        if {"tests", "migrations", "management", "demo"} & set(path.parts):
            continue  # commands speak to operators; demo data is content, not the platform's words
        if path.parts[-2] == "api":
            continue  # for developers: its forms and schema read in English, like its docs
        found = unmarked_in_python(path.read_text("utf-8"))
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}, "\n".join(f"{p}: {f}" for p, f in problems.items())


def test_the_python_check_finds_what_it_should():
    source = (
        "messages.success(request, 'Saved')\n"
        "messages.success(request, _('Saved'))\n"
        "raise ValidationError(f'Bad {x}')\n"
        "forms.CharField(label='Name', help_text=_('Hint'))\n"
    )
    assert unmarked_in_python(source) == [
        "line 1: messages.success with a bare string",
        "line 3: ValidationError with a bare string",
        "line 4: label= a bare string",
    ]
