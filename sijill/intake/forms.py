"""Forms of the import wizard. They only shape input; the services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality

from .mappings import INCIDENT_MAPPABLE, PERSON_MAPPABLE, RESOLVED
from .models import OnError, Target


class UploadForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("CSV, TSV, XLSX, JSON Lines, or a KoboToolbox/ODK JSON export"))


def _levels(user):
    return [(value, label) for value, label in Confidentiality.choices if value <= int(user.clearance)]


class ConfigureForm(forms.Form):
    mapping = forms.ChoiceField(label=_("mapping"))
    confidentiality = forms.TypedChoiceField(label=_("confidentiality of the imported records"), coerce=int)
    on_error = forms.ChoiceField(label=_("when a row is wrong"), choices=OnError.choices, initial=OnError.SKIP)

    def __init__(self, *args, user, mappings: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = mappings
        self.fields["confidentiality"].choices = _levels(user)


def mappable_fields(target: str) -> list[str]:
    if target == Target.INCIDENT:
        return [*INCIDENT_MAPPABLE, *RESOLVED]
    return [*PERSON_MAPPABLE, "place", "governorate"]


class MappingForm(forms.Form):
    """Columns to fields: one select per field the record type can take, plus the key columns."""

    name = forms.SlugField(label=_("mapping name"), max_length=80,
                           help_text=_("saved under this name, to be chosen again for the next file like this one"))
    source_name = forms.CharField(label=_("source name"), max_length=100,
                                  help_text=_("who published the file; with the key it identifies each record"))
    key = forms.MultipleChoiceField(label=_("source id column(s)"), required=False,
                                    help_text=_("the column(s) that identify a record in the source; "
                                                "a re-import updates the same records"))

    def __init__(self, *args, target: str, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in columns]
        self.target = target
        self.fields["key"].choices = choices
        lowered = {c.lower(): c for c in columns}
        for name in mappable_fields(target):
            self.fields[f"f_{name}"] = forms.ChoiceField(
                label=name.replace("_", " "), required=False, choices=[("", "—"), *choices],
                initial=lowered.get(name.lower(), ""))

    def spec(self) -> dict:
        data = self.cleaned_data
        return {
            "key": list(data["key"]),
            "fields": {name: data[f"f_{name}"] for name in mappable_fields(self.target) if data.get(f"f_{name}")},
        }
