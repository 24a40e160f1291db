"""Forms of the review pages: queue filters, checklist, notes, comments, cases and links."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality

from .models import Aspect, CaseScope, Crime, RecordKind, Stance
from .services import CHECKLISTS


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all"))] + list(RecordKind.choices))
    q = forms.CharField(label=_("Search"), required=False)
    place = forms.CharField(label=_("Place (p-code)"), required=False)
    actor = forms.CharField(label=_("Actor (slug)"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    include_decided = forms.BooleanField(label=_("include verified and rejected"), required=False)


ANSWER_CHOICES = [("", "—"), ("yes", _("yes")), ("no", _("no")), ("n/a", _("not applicable"))]


class ChecklistForm(forms.Form):
    """The checklist of one kind of record, one question per field."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in CHECKLISTS[kind]:
            self.fields[key] = forms.ChoiceField(label=question, choices=ANSWER_CHOICES, required=False)

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment (mention someone with @username)"),
                           widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))


class AssessmentForm(forms.Form):
    aspect = forms.ChoiceField(label=_("Claim"), choices=Aspect.choices)
    perpetration_claim = forms.TypedChoiceField(label=_("Perpetrator claim"), coerce=int, required=False, empty_value=None)
    source = forms.TypedChoiceField(label=_("Source"), coerce=int)
    stance = forms.ChoiceField(label=_("The source"), choices=Stance.choices)
    value = forms.CharField(label=_("What the source says"), required=False, max_length=300)

    def __init__(self, *args, sources=(), claims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.pk, s.title) for s in sources]
        self.fields["perpetration_claim"].choices = [("", "—")] + [(c.pk, str(c.actor)) for c in claims]


class GradingForm(forms.Form):
    grading = forms.ChoiceField(label=_("Grading"), required=False)
    note = forms.CharField(label=_("Why"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sijill.vocabularies.selectors import term_list

        self.fields["grading"].choices = [("", "—")] + [(t.code, t.label) for t in term_list(kind="grading")]


class DeriveForm(forms.Form):
    derived_from = forms.IntegerField(label=_("Repost or copy of source number"), required=False, min_value=1)


class CaseForm(forms.Form):
    title_en = forms.CharField(label=_("title (English)"), required=False)
    title_ar = forms.CharField(label=_("title (Arabic)"), required=False, widget=forms.TextInput(attrs={"dir": "rtl"}))
    scope = forms.ChoiceField(label=_("scope"), choices=CaseScope.choices)
    actor = forms.ChoiceField(label=_("actor or unit"), required=False)
    place = forms.CharField(label=_("place (p-code)"), required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    violation_types = forms.MultipleChoiceField(label=_("violation types"), required=False)
    crimes = forms.MultipleChoiceField(label=_("crimes"), required=False)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), coerce=int, choices=Confidentiality.choices,
                                             initial=Confidentiality.INTERNAL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sijill.actors.models import Actor
        from sijill.vocabularies.selectors import term_list

        self.fields["actor"].choices = [("", "—")] + [
            (a.slug, a.name) for a in Actor.objects.filter(deleted_at__isnull=True).order_by("path")]
        self.fields["violation_types"].choices = [(t.code, t.label) for t in term_list(kind="violation_type")]
        self.fields["crimes"].choices = [(c.code, f"{c.title} ({c.article})") for c in Crime.objects.all()]


class ElementLinkForm(forms.Form):
    element = forms.TypedChoiceField(label=_("Element"), coerce=int)
    act = forms.IntegerField(label=_("Act number"), required=False, min_value=1)
    source = forms.IntegerField(label=_("Source number"), required=False, min_value=1)
    witness = forms.IntegerField(label=_("Witness (person number)"), required=False, min_value=1)
    note = forms.CharField(label=_("What it shows"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))

    def __init__(self, *args, elements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [(e.pk, f"{e.crime.article} · {e.number}. {e.text[:90]}") for e in elements]


class CommandForm(forms.Form):
    commander = forms.IntegerField(label=_("Commander (person number)"), min_value=1)
    position = forms.CharField(label=_("position"), required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sources = forms.CharField(label=_("Source numbers (comma-separated)"), required=False)


class SubordinationForm(forms.Form):
    parent = forms.ChoiceField(label=_("part of"))
    date_from = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sources = forms.CharField(label=_("Source numbers (comma-separated)"), required=False)

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        from sijill.actors.models import Actor

        self.fields["parent"].choices = [
            (a.slug, a.name) for a in Actor.objects.filter(deleted_at__isnull=True).exclude(pk=exclude).order_by("path")]


def source_numbers(text: str) -> list[int]:
    return [int(p) for p in (text or "").replace(" ", "").split(",") if p.isdigit()]
