"""The register is complete: every model is classified, every field of a model holding personal
data is declared personal or not, and nothing that looks personal hides in the other models."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from peoplezones.core.models import User
from peoplezones.privacy import register
from peoplezones.privacy.services import rows_about, rows_by

# Django's own bookkeeping that no person's data reaches.
FRAMEWORK = {"migrations.Migration"}


def _fields(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.many_to_many
    }


def _looks_personal(field: models.Field) -> bool:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return (
        (field.is_relation and field.related_model is user)
        or isinstance(field, models.EmailField | models.GenericIPAddressField)
        or field.name in {"email", "phone", "contact", "ip_address", "notes", "date_of_birth"}
    )


HOLDINGS = register.holdings()
BY_MODEL = register.by_model()
NO_PERSONAL_DATA = register.no_personal_data()


def test_every_model_is_classified_once():
    labels = {m._meta.label for m in apps.get_models()} - FRAMEWORK
    declared = set(BY_MODEL) | set(NO_PERSONAL_DATA)
    assert not (set(BY_MODEL) & set(NO_PERSONAL_DATA))
    assert len(BY_MODEL) == len(HOLDINGS), "a model is declared twice"
    unclassified = labels - declared
    assert not unclassified, (
        f"Models not in the personal data register: {sorted(unclassified)}. Declare each in its "
        "app's privacy.py: in holdings if it holds personal data, else in no_personal_data."
    )
    assert not declared - labels, f"The register names models that are gone: {declared - labels}"


@pytest.mark.parametrize("holding", HOLDINGS, ids=lambda h: h.model)
def test_every_field_of_a_personal_model_is_declared(holding):
    fields = _fields(apps.get_model(holding.model))
    personal, other = set(holding.fields), set(holding.not_personal)
    assert not personal & other, f"declared both ways: {personal & other}"
    assert not (personal | other) - fields, f"gone: {(personal | other) - fields}"
    undeclared = fields - personal - other
    assert not undeclared, (
        f"{holding.model} has fields the register does not mention: {sorted(undeclared)}. "
        "Declare each in its app's privacy.py: personal (purpose, basis, retention) or not."
    )
    assert holding.hidden <= fields, f"hidden fields that are gone: {holding.hidden - fields}"
    for name, item in holding.fields.items():
        assert item.purpose and item.kept and item.basis, f"{holding.model}.{name}"


@pytest.mark.parametrize("label", sorted(NO_PERSONAL_DATA))
def test_models_said_to_hold_no_personal_data_have_no_field_that_looks_personal(label):
    model = apps.get_model(label)
    suspicious = [
        f.name for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if _looks_personal(f)
    ]  # fmt: skip
    assert not suspicious, f"{label} looks personal: {suspicious}; declare it in holdings"


@pytest.mark.django_db
@pytest.mark.parametrize("holding", HOLDINGS, ids=lambda h: h.model)
def test_subject_lookups_resolve(holding):
    person = User.objects.create_user(email="lookup@example.org")
    list(rows_about(holding, person, ["lookup@example.org"]))
    list(rows_by(holding, person))


def test_the_register_page_lists_every_holding(client, db):
    page = client.get("/privacy/register/")
    assert page.status_code == 200
    for holding in HOLDINGS:
        assert holding.model in page.content.decode()
