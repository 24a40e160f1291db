"""Model fields whose values never reach the database in clear.

`EncryptedTextField` stores an AES-GCM token (see crypto.py) sealed for
``"<app>.<Model>:<pk>:<field>"``, so the record id is bound as associated data. Code reads and
writes plain text through the attribute as with any field; the value is opened lazily on first
read. A new record has no id at insert time, so it is inserted with "" and sealed by an UPDATE
right after, inside the same save.

`BlindIndexField(of="witness_name")` keeps a keyed HMAC of the normalised value beside it, so
exact search works (`filter(witness_name_index=blind_index(q, context=...))`) while the database
holds neither the name nor anything that can be reversed without the index key.

Filtering or `QuerySet.update()` with plain text on an encrypted field is refused: it would
compare against (or store) clear text.
"""

from __future__ import annotations

from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_save

from . import crypto


class Sealed(str):
    """A token as read from the database, not yet opened."""


def field_context(instance, field_name: str, pk=None) -> str:
    return f"{instance._meta.label}:{instance.pk if pk is None else pk}:{field_name}"


class _EncryptedAttribute(DeferredAttribute):
    """A data descriptor: values are kept in the instance dict, opened on first read."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        name = self.field.attname
        data = instance.__dict__
        if name not in data:
            instance.refresh_from_db(fields=[name])
        value = data[name]
        if isinstance(value, Sealed):
            value = crypto.decrypt_text(str(value), context=field_context(instance, name))
            data[name] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    descriptor_class = _EncryptedAttribute

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract:
            post_save.connect(self._seal_after_insert, sender=cls, weak=False,
                              dispatch_uid=f"sijill-seal-{cls._meta.label}-{name}")

    def from_db_value(self, value, expression, connection):
        return Sealed(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value and not crypto.is_token(value):
            raise ValueError(
                f"{self.model._meta.label}.{self.name} is encrypted: save plain text through the model "
                "(instance.save()), and search through its blind index, never with a plain-text value."
            )
        return value

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname, "")
        if isinstance(value, Sealed):
            return str(value)  # unchanged and never opened: keep the token as it is
        if not value:
            return ""
        if model_instance.pk is None:
            model_instance.__dict__.setdefault("_sijill_pending_seal", set()).add(self.attname)
            return ""
        return crypto.encrypt_text(value, context=field_context(model_instance, self.attname))

    def _seal_after_insert(self, sender, instance, created, raw=False, **kwargs):
        pending = instance.__dict__.get("_sijill_pending_seal")
        if raw or not pending or self.attname not in pending:
            return
        pending.discard(self.attname)
        plain = instance.__dict__.get(self.attname, "")
        token = crypto.encrypt_text(plain, context=field_context(instance, self.attname))
        sender._base_manager.filter(pk=instance.pk).update(**{self.attname: token})


class BlindIndexField(models.CharField):
    """HMAC-SHA256 (hex) of the normalised value of the encrypted field *of*."""

    def __init__(self, *args, of: str, **kwargs):
        self.of = of
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        return name, path, args, kwargs

    def index_context(self) -> str:
        return f"{self.model._meta.label}.{self.of}"

    def index_of(self, value: str) -> str:
        return crypto.blind_index(value, context=self.index_context())

    def pre_save(self, model_instance, add):
        value = self.index_of(getattr(model_instance, self.of) or "")
        setattr(model_instance, self.attname, value)
        return value


def sealed_for(model, pk: int, field_name: str, plain: str) -> str:
    """The token record *pk* of *model* holds in *field_name* for *plain*: for writers that insert
    rows themselves (raw bulk inserts) and so never pass through the field's save hooks."""
    return crypto.encrypt_text(plain, context=f"{model._meta.label}:{pk}:{field_name}")


def seal_in_bulk(model, values: dict[int, dict[str, str]], batch: int = 500) -> None:
    """Write {pk: {field: plain text}} sealed, each value for its own record.

    `bulk_create` and `bulk_update` skip the save hooks that seal a value (a bulk-created record
    is inserted with "" in its encrypted fields), so bulk writers call this after them: one
    UPDATE per field and *batch* records, the tokens chosen by a CASE on the id.
    """
    from django.db.models import Case, F, TextField, Value, When

    by_field: dict[str, list] = {}
    for pk, fields in values.items():
        for name, plain in fields.items():
            by_field.setdefault(name, []).append((pk, sealed_for(model, pk, name, plain) if plain else ""))
    for name, tokens in by_field.items():
        for start in range(0, len(tokens), batch):
            part = tokens[start:start + batch]
            model._base_manager.filter(pk__in=[pk for pk, _t in part]).update(**{name: Case(
                *(When(pk=pk, then=Value(token)) for pk, token in part), default=F(name), output_field=TextField())})


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def models_with_encrypted_fields() -> list:
    from django.apps import apps

    return [m for m in apps.get_models() if encrypted_fields(m)]
