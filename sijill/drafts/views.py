"""Read a report: paste or upload -> draft -> review with highlighted spans -> incident."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sijill.confidentiality import Confidentiality
from sijill.web.progress import job_progress, progress_fragment
from sijill.web.views import staff_view

from . import selectors, services

MAX_UPLOAD = 2_000_000
MAX_BATCH_UPLOAD = 100_000_000


class _ReadingForm(forms.Form):
    """What every way of reading reports asks besides the text: its language and the level to file it at."""

    lang = forms.ChoiceField(label=gettext_lazy("Language"), choices=[("auto", gettext_lazy("detect")),
                                                                      ("ar", "العربية"), ("en", "English")])
    confidentiality = forms.TypedChoiceField(label=gettext_lazy("confidentiality"), coerce=int,
                                             choices=Confidentiality.choices, initial=Confidentiality.INTERNAL)
    field_order = ["text", "upload", "published_on", "lang", "confidentiality"]


class DraftForm(_ReadingForm):
    text = forms.CharField(label=gettext_lazy("Report text"), widget=forms.Textarea(attrs={"dir": "auto", "rows": 14}),
                           required=False)
    upload = forms.FileField(label=gettext_lazy("or upload a text file"), required=False)
    published_on = forms.DateField(label=gettext_lazy("Published on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise ValidationError(_("The file is too large to read at once."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ValidationError(_("The file is not UTF-8 text.")) from exc
        if not (data.get("text") or "").strip():
            raise ValidationError(_("Paste or upload the text of a report."))
        return data


class BatchForm(_ReadingForm):
    upload = forms.FileField(label=gettext_lazy("File of reports (.zip of text files, .jsonl or .csv)"))
    published_on = forms.DateField(label=gettext_lazy("Published on, where a report does not say"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_BATCH_UPLOAD:
            raise ValidationError(_("The file is larger than %(mb)d MB; split it into smaller batches.")
                                  % {"mb": MAX_BATCH_UPLOAD // 1_000_000})
        return upload


def _apply(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@staff_view("create")
def draft_list(request):
    form = DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.draft_create(user=request.user, text=data["text"], published_on=data["published_on"],
                                          lang=data["lang"], confidentiality=data["confidentiality"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            return redirect("drafts:review", pk=draft.pk)
    return _list_page(request, form, BatchForm())


def _list_page(request, form, batch_form, status: int = 200):
    """The drafts page: the form for one report, the form for many, the latest drafts and batches."""
    return render(request, "drafts/list.html", {
        "form": form, "batch_form": batch_form, "drafts": selectors.draft_list(user=request.user)[:50],
        "batches": selectors.batch_list(user=request.user)[:10]}, status=status)


@staff_view("create")
def batch_new(request):
    """Upload a file of many reports; it is checked whole, then read in the background."""
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(user=request.user, file_name=data["upload"].name, data=data["upload"].read(),
                                          confidentiality=data["confidentiality"], lang=data["lang"],
                                          published_on=data["published_on"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            return redirect("drafts:batch", pk=batch.pk)
    return _list_page(request, DraftForm(), form, status=400 if request.method == "POST" else 200)


def _violation_labels() -> dict[str, str]:
    from sijill.vocabularies.models import Kind, Term

    return {t.code: t.label for t in Term.objects.filter(kind=Kind.VIOLATION_TYPE)}


def _batch_group(drafts: list, labels: dict[str, str], candidates: dict[int, list]) -> dict:
    """A group's rows, and the incidents already recorded that its first open report looks like."""
    first_open = next((d for d in drafts if d.status == "new"), None)
    found = candidates.get(first_open.pk, []) if first_open else []
    open_count = sum(d.status == "new" for d in drafts)
    return {"rows": [_batch_row(d, labels) for d in drafts], "candidates": found, "open": open_count,
            "actions": bool(found) or open_count > 1}


def _batch_row(draft, labels: dict[str, str]) -> dict:
    """What a batch page shows of a draft's proposal, in the reader's language."""
    proposal = draft.extraction.get("incident", {})
    place = proposal.get("place") or {}
    item = next((p for p in draft.extraction.get("places", []) if p.get("id") == place.get("item")), place)
    name = (item.get("name_ar") if get_language() == "ar" else None) or item.get("name_en") or ""
    violation = (proposal.get("violation") or {}).get("type") or ""
    return {"draft": draft, "date": (proposal.get("date") or {}).get("date") or "", "place": name,
            "violation": labels.get(violation, violation)}


def _batch_progress(batch) -> dict:
    return {"batch": batch, **job_progress(done=batch.done, total=batch.total, started_at=batch.started_at,
                                           finished_at=batch.finished_at, finished=batch.finished)}


@staff_view("create")
def batch_detail(request, pk: int):
    """While reading: progress. Then the drafts, those that look like one event together."""
    batch = selectors.batch_get(user=request.user, batch_id=pk)
    context = _batch_progress(batch)
    if batch.finished:
        groups = selectors.batch_event_groups(user=request.user, batch=batch)
        labels = _violation_labels()
        first_open = [d for d in (next((d for d in g if d.status == "new"), None) for g in groups) if d]
        candidates = selectors.incident_candidates_for(user=request.user, drafts=first_open, limit=3)
        context["groups"] = [_batch_group(group, labels, candidates) for group in groups]
        context["failed"] = batch.entries.exclude(error="").only("number", "where", "error")
    return render(request, "drafts/batch.html", context)


@staff_view("create")
def batch_join(request, pk: int):
    """POST: the checked reports of a group become one incident, a source for each."""
    batch = selectors.batch_get(user=request.user, batch_id=pk)
    if request.method != "POST":
        return redirect("drafts:batch", pk=batch.pk)
    wanted = [int(v) for v in request.POST.getlist("draft") if v.isdigit()]
    by_id = {e.draft_id: e.draft for e in batch.entries.filter(draft_id__in=wanted, draft__in=selectors.draft_list(
        user=request.user)).select_related("draft")}
    drafts = [by_id[i] for i in wanted if i in by_id]
    incident = request.POST.get("incident", "")
    try:
        if len(drafts) != len(set(wanted)):
            raise ValidationError(_("Some of the chosen reports are not drafts of this batch."))
        if incident.isdigit():
            incident_id = services.drafts_add_to_incident(user=request.user, drafts=drafts,
                                                          incident_id=int(incident))[0].incident_id
            messages.success(request, _("%(n)d reports were added as sources of the incident.") % {"n": len(drafts)})
        else:
            incident_id = services.drafts_create_one_incident(user=request.user, drafts=drafts).incident_id
            messages.success(request, _("One incident was created from %(n)d reports, each kept as its source.")
                             % {"n": len(drafts)})
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("drafts:batch", pk=batch.pk)
    return redirect("incident_detail", pk=incident_id)


@staff_view("create")
def batch_resume(request, pk: int):
    """POST: queue again a batch whose job stopped."""
    batch = selectors.batch_get(user=request.user, batch_id=pk)
    if request.method == "POST":
        try:
            services.batch_resume(user=request.user, batch=batch)
            messages.info(request, _("The batch was queued again; it goes on from the first report not yet read."))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
    return redirect("drafts:batch", pk=batch.pk)


@staff_view("create")
def batch_progress(request, pk: int):
    """The progress fragment htmx polls; once the batch is read it asks the page to reload."""
    batch = selectors.batch_get(user=request.user, batch_id=pk)
    return progress_fragment(request, "drafts/batch_progress.html", _batch_progress(batch), finished=batch.finished)


def _segments(draft) -> list[dict]:
    """The text cut into plain and highlighted pieces; overlapping spans keep the first, longest."""
    text = draft.text
    spans = []
    for kind in services.KINDS:
        for item in draft.extraction.get(kind, []):
            s, e = item["span"]
            spans.append((s, -(e - s), e, kind, item["id"]))
    spans.sort()
    out, pos = [], 0
    for s, _neg, e, kind, item_id in spans:
        if s < pos or e > len(text):
            continue
        if s > pos:
            out.append({"text": text[pos:s]})
        decision = draft.decisions.get(kind, {}).get(str(item_id), {}).get("decision", "")
        out.append({"text": text[s:e], "kind": kind, "id": item_id, "decision": decision})
        pos = e
    out.append({"text": text[pos:]})
    return out


def _rows(draft) -> list[dict]:
    rows = []
    for kind in services.KINDS:
        for item in draft.extraction.get(kind, []):
            decision = draft.decisions.get(kind, {}).get(str(item["id"]), {})
            rows.append({"kind": kind, "item": item, "summary": _summary(kind, item),
                         "decision": decision.get("decision", ""), "value": decision.get("value", "")})
    return rows


def _summary(kind: str, item: dict) -> str:
    if kind == "places":
        bits = [item.get("name_en") or "", item.get("pcode") or "", item.get("part") or "", item.get("context") or ""]
        return " · ".join(b for b in bits if b)
    if kind == "actors":
        if item.get("unseeded"):
            return _("%(unit)s (not in the table), unit of %(parent)s") % {"unit": item["name"],
                                                                           "parent": item.get("parent_name")}
        return item["name"]
    if kind == "dates":
        return f"{item.get('date') or '?'} ({item['precision']}, {item['basis']})"
    if kind == "casualties":
        hi = "" if item["max"] == item["min"] else f"–{item['max'] or ''}"
        return f"{item['outcome']} {item['group']}: {item['min']}{hi}"
    if kind == "violations":
        return " / ".join(x for x in (item["type"], item.get("method") or "") if x)
    return item.get("name", "")


@staff_view("create")
def draft_review(request, pk: int):
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "reject":
                services.draft_reject(user=request.user, draft=draft)
                messages.info(request, _("The draft was rejected."))
                return redirect("drafts:list")
            decisions: dict = {}
            for kind in services.KINDS:
                for item in draft.extraction.get(kind, []):
                    choice = request.POST.get(f"d-{kind}-{item['id']}", "")
                    if choice in services.DECISIONS:
                        decisions.setdefault(kind, {})[str(item["id"])] = {
                            "decision": choice, "value": request.POST.get(f"v-{kind}-{item['id']}", "").strip()}
            services.draft_decide(user=request.user, draft=draft, decisions=decisions)
            if action == "create":
                services.draft_create_incident(user=request.user, draft=draft, title=request.POST.get("title", ""),
                                               start_date=request.POST.get("start_date") or None)
                messages.success(request, _("The incident was created from the report."))
                return redirect("incident_detail", pk=draft.incident_id)
            if action.startswith("attach-"):
                services.draft_attach(user=request.user, draft=draft, incident_id=int(action.split("-", 1)[1]))
                messages.success(request, _("The report was added as a source of the incident."))
                return redirect("incident_detail", pk=draft.incident_id)
            messages.info(request, _("Your decisions were saved."))
            return redirect("drafts:review", pk=draft.pk)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
    context = {
        "draft": draft, "segments": _segments(draft), "rows": _rows(draft),
        "proposal": draft.extraction.get("incident", {}),
        "candidates": selectors.incident_candidates(user=request.user, draft=draft) if draft.status == "new" else [],
    }
    return render(request, "drafts/review.html", context)
