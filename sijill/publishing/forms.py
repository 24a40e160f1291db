"""Forms of the report editor and of the public submission form. They shape input only; the
services validate and write."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality
from sijill.publishing.models import SubmissionKind
from sijill.reports.models import AuthorKind, Language

from .services import LIMITS

# A person takes longer than this to write a testimony; a script posting at once does not.
MIN_FILL_SECONDS = 3
# A form older than this is refused (the page is simply reloaded).
MAX_FILL_SECONDS = 24 * 3600
_SIGNING_SALT = "sijill.publishing.submission-form"


def _split(text: str, *, lines: bool = False) -> list[str]:
    parts = (text or "").splitlines() if lines else (text or "").replace("،", ",").replace("\n", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


class ReportForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=Language.choices)
    title = forms.CharField(label=_("title"), max_length=500)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 18}))
    authors = forms.CharField(label=_("authors (one per line)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(label=_("tags (comma-separated)"), required=False)
    incidents = forms.CharField(label=_("incident numbers (comma-separated)"), required=False)
    actors = forms.CharField(label=_("actors (slugs, comma-separated)"), required=False,
                             help_text=_("e.g. isis, international-coalition"))
    places = forms.CharField(label=_("places (p-codes, comma-separated)"), required=False,
                             help_text=_("e.g. SY11 for Ar-Raqqa governorate"))
    translation = forms.TypedChoiceField(label=_("translation of"), required=False, coerce=int, empty_value=None)
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), coerce=int,
                                             choices=Confidentiality.choices, initial=Confidentiality.INTERNAL)

    def __init__(self, *args, translations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["translation"].choices = [("", "—"), *[(r.pk, f"{r.title} ({r.language})") for r in translations]]

    @classmethod
    def initial_for(cls, report) -> dict:
        return {
            "language": report.language, "title": report.title, "summary": report.summary, "body": report.body,
            "authors": "\n".join(a.name_en or a.name_ar for a in report.authors.all()),
            "tags": ", ".join(t.name_en or t.name_ar or t.slug for t in report.tags.all()),
            "incidents": ", ".join(str(i) for i in report.incidents.values_list("pk", flat=True)),
            "actors": ", ".join(report.actors.values_list("slug", flat=True)),
            "places": ", ".join(report.places.values_list("pcode", flat=True)),
            "translation": report.translation_id or "", "confidentiality": report.confidentiality,
        }

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "language": data["language"], "title": data["title"], "summary": data["summary"], "body": data["body"],
            "authors": _split(data["authors"], lines=True), "tags": _split(data["tags"]),
            "incidents": _split(data["incidents"]), "actors": _split(data["actors"]),
            "places": _split(data["places"]), "translation": data["translation"],
            "confidentiality": data["confidentiality"],
        }


class AuthorForm(forms.Form):
    name_en = forms.CharField(label=_("name (English)"), required=False, max_length=200)
    name_ar = forms.CharField(label=_("name (Arabic)"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"dir": "rtl"}))
    kind = forms.ChoiceField(label=_("kind"), choices=AuthorKind.choices)
    bio_en = forms.CharField(label=_("about (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    bio_ar = forms.CharField(label=_("about (Arabic)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl"}))


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("publish at (UTC; empty = now)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("what should change"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def form_stamp(at: float | None = None) -> str:
    """A signed note of when the form was served (`at`, default now): checked on submit, so no
    server state is needed."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=_SIGNING_SALT)


class SubmissionForm(forms.Form):
    """The public testimony and tip form. Spam is turned away without any third-party service:
    a field humans do not see (`website`) must stay empty, and the signed time the form was
    served (`stamp`) must be at least MIN_FILL_SECONDS and at most a day old."""

    kind = forms.ChoiceField(label=_("What are you sending?"), choices=SubmissionKind.choices,
                             widget=forms.RadioSelect, initial=SubmissionKind.TESTIMONY)
    account = forms.CharField(label=_("What happened?"), max_length=LIMITS["account"],
                              widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}))
    place = forms.CharField(label=_("Where? (town, village, neighbourhood)"), required=False,
                            max_length=LIMITS["place"], widget=forms.TextInput(attrs={"dir": "auto"}))
    when = forms.CharField(label=_("When? (a date, or as near as you know)"), required=False,
                           max_length=LIMITS["when"], widget=forms.TextInput(attrs={"dir": "auto"}))
    give_identity = forms.BooleanField(
        label=_("I want to give my name or a way to contact me"), required=False,
        help_text=_("Leave this unticked to stay anonymous: then no name or contact is kept, even if typed."),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=LIMITS["name"],
                           widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}))
    contact = forms.CharField(label=_("How to contact you safely"), required=False, max_length=LIMITS["contact"],
                              widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}))
    # Honeypot: hidden from people by the portal's stylesheet, filled in by form-filling robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    stamp = forms.CharField(widget=forms.HiddenInput)

    def is_robot(self) -> bool:
        """True when the honeypot was filled: the caller thanks the robot and keeps nothing."""
        return bool((self.data.get("website") or "").strip())

    def clean_stamp(self):
        try:
            started = signing.loads(self.cleaned_data["stamp"], salt=_SIGNING_SALT)["t"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(_("This form could not be checked. Reload the page and try again.")) from None
        elapsed = time.time() - float(started)
        if elapsed < MIN_FILL_SECONDS:
            raise forms.ValidationError(_("This form was sent too fast. Please check it and send it again."))
        if elapsed > MAX_FILL_SECONDS:
            raise forms.ValidationError(_("This form is too old. Reload the page and send it again."))
        return self.cleaned_data["stamp"]
