"""The words each data licence asks to be shown wherever its data is used ("Contains OS data ©
Crown copyright...", "© OpenStreetMap contributors"). Whoever knows the sources registers a
provider; pages name what they show ("police", "boundaries", "assets"...) and the
`{% attributions "police" "boundaries" %}` tag prints the matching words, each once."""

from collections.abc import Callable, Iterable

Provider = Callable[[], Iterable[tuple[str, str]]]  # (what the data is used for, words to show)
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def for_uses(*uses: str) -> list[str]:
    wanted, shown = set(uses), []
    for provider in _PROVIDERS:
        for use, words in provider():
            if use in wanted and words not in shown:
                shown.append(words)
    return shown
