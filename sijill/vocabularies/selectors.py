"""Reading controlled vocabularies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Term


def term_list(*, kind: str, active_only: bool = True):
    qs = Term.objects.filter(kind=kind)
    return qs.filter(active=True) if active_only else qs


def term_resolve(*, kind: str, value, field: str) -> Term | None:
    """The term of `kind` given as a Term, an id or a code; None for empty values.

    Raises ValidationError on `field` for a term that does not exist or is of another kind, so
    an unknown vocabulary term is a clear input error and never a silent null.
    """
    if value in (None, ""):
        return None
    if isinstance(value, Term):
        if value.kind != kind:
            raise ValidationError({field: _("%(value)s is not a %(kind)s.") % {"value": value.code, "kind": kind}})
        return value
    qs = Term.objects.filter(kind=kind)
    term = qs.filter(pk=value).first() if isinstance(value, int) else qs.filter(code=str(value)).first()
    if term is None:
        codes = ", ".join(qs.filter(active=True).values_list("code", flat=True))
        raise ValidationError({field: _("Unknown %(kind)s %(value)r. Known terms: %(codes)s.") % {"kind": kind.replace("_", " "), "value": value, "codes": codes}})
    return term
