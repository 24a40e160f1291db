"""Forms of the web UI. They only shape input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality
from sijill.incidents.models import (
    CASUALTY_GROUPS,
    CASUALTY_OUTCOMES,
    Confidence,
    DatePrecision,
    Degree,
    Outcome,
)
from sijill.people.models import Sex, Status
from sijill.places.models import Precision
from sijill.vocabularies.selectors import term_list


def _term_choices(kind: str, *, blank: bool = True):
    def choices():
        items = [(t.code, t.label) for t in term_list(kind=kind)]
        return ([("", "—")] if blank else []) + items

    return choices


_CASUALTY_LABELS = {
    "killed": _("killed"), "injured": _("injured"), "total": _("total"), "children": _("children"),
    "women": _("women"), "men": _("men"), "combatants": _("combatants"), "min": _("minimum"), "max": _("maximum"),
}


class DateInput(forms.DateInput):
    input_type = "date"


class FastSelect(forms.Select):
    """A <select> written in Python. Django renders every <option> through its own template
    (about 0.1 ms each), and the incident filters put a few hundred options on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        parts = [f"<select{flatatt(final)}>"]
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            parts.append(f'<option value="{escape(text)}"{selected}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))


class IncidentForm(forms.Form):
    title_ar = forms.CharField(label=_("title (Arabic)"), required=False, max_length=500,
                               widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    title_en = forms.CharField(label=_("title (English)"), required=False, max_length=500,
                               widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}))
    description_ar = forms.CharField(label=_("description (Arabic)"), required=False,
                                     widget=forms.Textarea(attrs={"dir": "rtl", "lang": "ar", "rows": 4}))
    description_en = forms.CharField(label=_("description (English)"), required=False,
                                     widget=forms.Textarea(attrs={"dir": "ltr", "lang": "en", "rows": 4}))
    date_precision = forms.ChoiceField(label=_("date precision"), choices=DatePrecision.choices, initial="day")
    start_date = forms.DateField(label=_("start date"), widget=DateInput)
    end_date = forms.DateField(label=_("end date"), required=False, widget=DateInput)
    place = forms.CharField(label=_("place"), required=False, max_length=200,
                            help_text=_("type a name in Arabic or English, or a p-code"),
                            widget=forms.TextInput(attrs={"list": "place-options", "autocomplete": "off",
                                                          "hx-get": "/places/suggest/", "hx-trigger": "input changed delay:250ms",
                                                          "hx-target": "#place-options", "hx-swap": "innerHTML"}))
    place_precision = forms.ChoiceField(label=_("place precision"), choices=Precision.choices, initial="community")
    location_note = forms.CharField(label=_("location detail"), required=False, max_length=500)
    latitude = forms.FloatField(label=_("latitude"), required=False)
    longitude = forms.FloatField(label=_("longitude"), required=False)
    status = forms.ChoiceField(label=_("verification status"), choices=_term_choices("verification_status", blank=False), initial="received")
    grading = forms.ChoiceField(label=_("grading"), choices=_term_choices("grading"), required=False)
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), choices=Confidentiality.choices, coerce=int, initial=Confidentiality.INTERNAL)
    tags = forms.CharField(label=_("tags"), required=False, help_text=_("separated by commas"))
    sources = forms.MultipleChoiceField(label=_("sources"), required=False,
                                        help_text=_("the sources that report this incident"))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Decided by a second person through the review workflow (sijill.review), not by the editor.
    REVIEW_DECIDED = ("verified", "rejected")

    def __init__(self, *args, user=None, current_status: str | None = None, **kwargs):
        from sijill.sources.selectors import source_list

        super().__init__(*args, **kwargs)
        visible = source_list(user=user)[:500] if user is not None else []
        self.fields["sources"].choices = [(str(s.pk), s.title) for s in visible]
        self.fields["status"].choices = [
            (code, label) for code, label in self.fields["status"].choices
            if code not in self.REVIEW_DECIDED or code == current_status
        ]
        for outcome in CASUALTY_OUTCOMES:
            for group in ("total", *CASUALTY_GROUPS):
                for bound in ("min", "max"):
                    name = f"{outcome}_{group}_{bound}"
                    label = format_lazy("{} · {} · {}", _CASUALTY_LABELS[outcome], _CASUALTY_LABELS[group], _CASUALTY_LABELS[bound])
                    self.fields[name] = forms.IntegerField(required=False, label=label,
                                                           widget=forms.NumberInput(attrs={"class": "count"}))

    def main_fields(self):
        """The visible fields other than the casualty counts, which the form lays out as a table."""
        return [f for f in self.visible_fields() if not f.name.startswith(("killed_", "injured_"))]

    def casualty_rows(self):
        """(outcome, group, min field, max field) for the casualty table of the form."""
        return [
            (_CASUALTY_LABELS[outcome], _CASUALTY_LABELS[group], self[f"{outcome}_{group}_min"], self[f"{outcome}_{group}_max"])
            for outcome in CASUALTY_OUTCOMES for group in ("total", *CASUALTY_GROUPS)
        ]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        data["place"] = resolve_place_input(data.get("place"))
        data["tags"] = [t for t in (data.get("tags") or "").split(",") if t.strip()]
        data["sources"] = [int(pk) for pk in data.get("sources") or []]
        return data


def resolve_place_input(value):
    """A place typed into a form (p-code, or a name in either script) as a p-code, or None."""
    from sijill.places.models import Place

    value = (value or "").strip()
    if not value:
        return None
    if Place.objects.filter(pcode=value).exists():
        return value
    # "Name — pcode" is what the suggestion list offers
    if "—" in value:
        code = value.rsplit("—", 1)[1].strip()
        if Place.objects.filter(pcode=code).exists():
            return code
    try:
        from sijill.places.selectors import place_search

        matches = place_search(value, limit=1)
    except ImportError:
        matches = list(Place.objects.filter(name_en__iexact=value)[:1]) or list(Place.objects.filter(name_ar=value)[:1])
    if matches:
        return matches[0].pcode
    return value  # unknown: the service reports it on the place field


class ActForm(forms.Form):
    violation_type = forms.ChoiceField(label=_("violation type"), choices=_term_choices("violation_type", blank=False))
    method = forms.ChoiceField(label=_("weapon or method"), choices=_term_choices("weapon"), required=False)
    legal_qualification = forms.CharField(label=_("legal qualification"), required=False, max_length=300)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VictimForm(forms.Form):
    name_ar = forms.CharField(label=_("name (Arabic)"), required=False, max_length=300,
                              widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    name_latin = forms.CharField(label=_("name (Latin)"), required=False, max_length=300,
                                 widget=forms.TextInput(attrs={"dir": "ltr"}))
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices, initial="unknown")
    age = forms.IntegerField(label=_("age"), required=False, min_value=0, max_value=130)
    status = forms.ChoiceField(label=_("status"), choices=Status.choices, initial="civilian")
    outcome = forms.ChoiceField(label=_("outcome"), choices=Outcome.choices, initial="killed")

    def has_victim(self) -> bool:
        return bool(self.cleaned_data.get("name_ar") or self.cleaned_data.get("name_latin"))


VictimFormSet = forms.formset_factory(VictimForm, extra=3, max_num=50)


class ClaimForm(forms.Form):
    actor = forms.ChoiceField(label=_("perpetrator"), required=False)
    sources = forms.MultipleChoiceField(label=_("claimed by sources"), required=False)
    degree = forms.ChoiceField(label=_("degree"), choices=Degree.choices, initial="alleged")
    confidence = forms.ChoiceField(label=_("confidence"), choices=Confidence.choices, initial="medium")
    note = forms.CharField(label=_("note"), required=False, max_length=2000)

    def __init__(self, *args, user=None, **kwargs):
        from sijill.actors.models import Actor
        from sijill.sources.selectors import source_list

        super().__init__(*args, **kwargs)
        actors = Actor.objects.filter(deleted_at__isnull=True).order_by("path", "name_en")
        self.fields["actor"].choices = [("", "—")] + [(a.slug, a.name) for a in actors]
        visible = source_list(user=user)[:500] if user is not None else []
        self.fields["sources"].choices = [(str(s.pk), s.title) for s in visible]


class IncidentFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("to"), required=False, widget=DateInput)
    place = forms.CharField(label=_("place"), required=False)
    actor = forms.ChoiceField(label=_("perpetrator"), required=False, widget=FastSelect)
    violation_type = forms.ChoiceField(label=_("violation type"), choices=_term_choices("violation_type"), required=False, widget=FastSelect)
    grading = forms.ChoiceField(label=_("grading"), choices=_term_choices("grading"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=_("verification status"), choices=_term_choices("verification_status"), required=False, widget=FastSelect)
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), choices=[("", "—"), *Confidentiality.choices],
                                             coerce=int, required=False, empty_value=None, widget=FastSelect)

    def __init__(self, *args, **kwargs):
        from sijill.actors.models import Actor
        from sijill.vocabularies.models import Term

        super().__init__(*args, **kwargs)
        # The choices as lists, read once per form: callable choices re-query on every iteration
        # (validation and rendering), one query per vocabulary.
        actors = Actor.objects.filter(deleted_at__isnull=True).order_by("path", "name_en").only("slug", "name_en", "name_ar")
        self.fields["actor"].choices = [("", "—")] + [(a.slug, a.name) for a in actors]
        kinds = {"violation_type": "violation_type", "grading": "grading", "status": "verification_status"}
        by_kind = {kind: [] for kind in kinds.values()}
        for t in Term.objects.filter(kind__in=list(by_kind), active=True):
            by_kind[t.kind].append((t.code, t.label))
        for name, kind in kinds.items():
            self.fields[name].choices = [("", "—"), *by_kind[kind]]


class PersonForm(forms.Form):
    name_ar = forms.CharField(label=_("name (Arabic)"), required=False, max_length=300,
                              widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    name_latin = forms.CharField(label=_("name (Latin)"), required=False, max_length=300)
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    age = forms.IntegerField(label=_("age"), required=False)
    birth_year = forms.IntegerField(label=_("birth year"), required=False)
    status = forms.ChoiceField(label=_("status"), choices=Status.choices)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), choices=Confidentiality.choices, coerce=int)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SourceForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=500)
    source_type = forms.ChoiceField(label=_("source type"), choices=_term_choices("source_type", blank=False))
    reliability = forms.ChoiceField(label=_("reliability"), choices=_term_choices("reliability"), required=False)
    credibility = forms.ChoiceField(label=_("credibility"), choices=_term_choices("credibility"), required=False)
    published_on = forms.DateField(label=_("date"), required=False, widget=DateInput)
    language = forms.CharField(label=_("language"), required=False, max_length=10)
    url = forms.URLField(label=_("original URL"), assume_scheme="https", required=False, max_length=2000)
    archived_url = forms.URLField(label=_("archived copy"), assume_scheme="https", required=False, max_length=2000)
    origin = forms.CharField(label=_("origin"), required=False, max_length=300)
    content = forms.CharField(label=_("content"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    witness_name = forms.CharField(label=_("witness name"), required=False, max_length=300,
                                   help_text=_("stored encrypted; searchable by the exact name only"))
    witness_contact = forms.CharField(label=_("witness contact"), required=False, max_length=500,
                                      help_text=_("stored encrypted"))
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), choices=Confidentiality.choices, coerce=int,
                                             initial=Confidentiality.INTERNAL)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def apply_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form's own fields (or on the form when no field fits)."""
    for field, messages in exc.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
