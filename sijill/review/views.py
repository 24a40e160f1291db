"""Review pages (thin): queues, a record's review with its corroboration, notifications, cases and
the command structure. Rules live in services.py; these views show their answers."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.errors import NotFound, PermissionDenied
from sijill.web.views import staff_view

from . import selectors, services
from .cases import case_build, case_file_html, case_file_json, case_get
from .forms import (
    AssessmentForm,
    CaseForm,
    ChecklistForm,
    CommandForm,
    CommentForm,
    DeriveForm,
    ElementLinkForm,
    GradingForm,
    NoteForm,
    QueueFilterForm,
    SubordinationForm,
    source_numbers,
)
from .models import Case, RecordKind, State

PAGE_SIZE = 50


def _errors(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for field, texts in exc.message_dict.items():
            for text in texts:
                messages.error(request, text if field == "__all__" else f"{field}: {text}")
    else:
        messages.error(request, str(exc))


def _kind(kind: str) -> str:
    if kind not in RecordKind.values:
        raise Http404
    return kind


def _record_url(kind: str, pk) -> str:
    return reverse({"incident": "incident_detail", "person": "person_detail", "source": "source_detail"}[kind], args=[pk])


# ---- queues -------------------------------------------------------------------------------------

def _row_of_item(item) -> dict:
    record = item.record
    return {"kind": item.kind, "kind_label": item.get_kind_display(), "pk": item.record_id, "title": str(record),
            "state": item.get_state_display(), "assignee": getattr(item.assignee, "username", ""),
            "date": getattr(record, "start_date", None), "place": getattr(record, "place", None),
            "url": reverse("review:item", args=[item.kind, item.record_id])}


def _row_of_incident(incident) -> dict:
    return {"kind": "incident", "kind_label": RecordKind.INCIDENT.label, "pk": incident.pk, "title": str(incident),
            "state": incident.status.label, "assignee": "", "date": incident.start_date, "place": incident.place,
            "url": reverse("review:item", args=["incident", incident.pk])}


@staff_view()
def queues(request, queue: str = "assigned"):
    if queue not in selectors.QUEUES:
        raise Http404
    form = QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.QueueFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    items = selectors.queue_items(user=request.user, queue=queue, filters=filters)
    counts = selectors.queue_counts(user=request.user)
    paginator = Paginator(items, PAGE_SIZE)
    if filters == selectors.QueueFilters() and queue in ("single_source", "contested"):
        paginator.count = counts[queue]  # the dashboard's (from the summary's index), not a second count
    page = paginator.get_page(request.GET.get("page"))
    if items.model.__name__ == "Incident":
        rows = [_row_of_incident(i) for i in page]
        if queue == "single_source":
            counts = selectors.independent_counts(user=request.user, incident_ids=[r["pk"] for r in rows])
            for row in rows:
                row["sources"] = counts[row["pk"]]
        if queue == "waiting" and filters.kind in ("", "person", "source") and page.number == 1:
            rows = [_row_of_item(i) for i in selectors.waiting_records(user=request.user, filters=filters)[:PAGE_SIZE]] + rows
        if filters.kind in ("person", "source") and queue == "waiting":
            rows = [r for r in rows if r["kind"] == filters.kind]
        elif filters.kind in ("person", "source"):
            rows = []
    else:
        rows = [_row_of_item(i) for i in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/queues.html", {
        "queue": queue, "queue_label": selectors.QUEUES[queue], "queues": selectors.QUEUES.items(),
        "counts": counts, "rows": rows, "page": page, "form": form,
        "query": query.urlencode(), "unread": selectors.unread_count(user=request.user),
    })


# ---- one record's review -----------------------------------------------------------------------

@staff_view()
def item(request, kind: str, pk: int):
    kind = _kind(kind)
    record, review_item = selectors.item_get(user=request.user, kind=kind, record_id=pk)
    state = review_item.state if review_item else services._initial_state(kind, record)
    user = request.user
    is_author = review_item is not None and services._is_author(user, review_item) or \
        getattr(record, "created_by_id", None) == user.pk
    reviewer = user.may(services.REVIEWER_ACTION)
    in_charge = review_item is not None and (review_item.assignee_id == user.pk or user.role in ("coordinator", "admin"))
    submitted = review_item is not None and review_item.events.filter(action__in=["submit", "resubmit", "reopen"]).exists()
    actions = {
        "submit": state == State.RECEIVED and not submitted and user.may_edit(record),
        "start": state == State.RECEIVED and reviewer and not is_author,
        "assign": state in (State.RECEIVED, State.IN_REVIEW) and reviewer,
        "decide": state == State.IN_REVIEW and reviewer and in_charge,
        "verify": state == State.IN_REVIEW and reviewer and in_charge and not is_author,
        "resubmit": state == State.CHANGES_REQUESTED and (is_author or user.may_edit(record)),
        "reopen": state in (State.VERIFIED, State.REJECTED) and reviewer,
    }
    from .models import STATUS_OF_STATE

    out_of_step = (kind == "incident" and review_item is not None
                   and STATUS_OF_STATE[review_item.state] != record.status.code)
    context = {
        "out_of_step": out_of_step,
        "kind": kind, "record": record, "item": review_item, "state": State(state), "actions": actions,
        "record_url": _record_url(kind, pk), "timeline": selectors.item_timeline(item=review_item) if review_item else [],
        "checklist": ChecklistForm(kind=kind, initial=review_item.checklist if review_item else {}),
        "note_form": NoteForm(), "comment_form": CommentForm(),
        "reviewers": selectors.reviewers(exclude=[getattr(record, "created_by_id", None),
                                                  getattr(review_item, "author_id", None)]),
    }
    if kind == "incident":
        from .corroboration import incident_corroboration

        report = incident_corroboration(user=user, incident_id=pk)
        sources = [s for g in report.groups for s in g.sources]
        context.update(report=report, assessment_form=AssessmentForm(
            sources=sources, claims=[r.claim for r in report.claims if r.claim is not None]),
            grading_form=GradingForm(initial={"grading": report.suggested}),
            can_grade=reviewer, can_assess=user.may("edit"),
            victims=[v for act in report.incident.visible_acts for v in act.visible_victims])
    if kind == "source":
        from .models import SourceOrigin

        link = SourceOrigin.objects.filter(source=record).select_related("derived_from").first()
        context.update(origin=link, derive_form=DeriveForm(initial={"derived_from": getattr(link, "derived_from_id", None)}))
    return render(request, "review/item.html", context)


@require_POST
@staff_view()
def transition(request, kind: str, pk: int, action: str):
    kind = _kind(kind)
    note = request.POST.get("note", "")
    checklist = None
    if action in ("request_changes", "verify", "reject", "checklist"):
        form = ChecklistForm(request.POST, kind=kind)
        checklist = form.answers() if form.is_valid() else {}
    try:
        if action == "checklist":
            services.review_checklist(user=request.user, kind=kind, record_id=pk, checklist=checklist)
            messages.success(request, _("Checklist saved."))
        elif action == "assign":
            from sijill.accounts.models import User

            assignee = User.objects.filter(pk=request.POST.get("assignee") or 0, is_active=True).first()
            if assignee is None:
                raise ValidationError({"assignee": _("Choose a reviewer.")})
            services.review_assign(user=request.user, kind=kind, record_id=pk, assignee=assignee)
            messages.success(request, _("Assigned to %(name)s.") % {"name": assignee.username})
        elif action in services.TRANSITIONS:
            kwargs = {"note": note}
            if checklist is not None:
                kwargs["checklist"] = checklist
            if action == "start":
                kwargs = {}
            services.TRANSITIONS[action](user=request.user, kind=kind, record_id=pk, **kwargs)
            messages.success(request, _("Done: %(action)s.") % {"action": selectors.ACTION_LABELS.get(action, action)})
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect("review:item", kind, pk)


@require_POST
@staff_view()
def comment(request, kind: str, pk: int):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.review_comment(user=request.user, kind=_kind(kind), record_id=pk, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
    return redirect(reverse("review:item", args=[kind, pk]) + "#timeline")


@require_POST
@staff_view("edit")
def assessment(request, pk: int):
    from .corroboration import incident_corroboration

    report = incident_corroboration(user=request.user, incident_id=pk)
    form = AssessmentForm(request.POST, sources=[s for g in report.groups for s in g.sources],
                          claims=[r.claim for r in report.claims if r.claim is not None])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_set(user=request.user, incident_id=pk, aspect=data["aspect"], source_id=data["source"],
                                    stance=data["stance"], value=data["value"],
                                    perpetration_claim_id=data["perpetration_claim"])
            messages.success(request, _("Saved what the source says."))
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Choose a claim, a source and whether it supports or contradicts."))
    return redirect(reverse("review:item", args=["incident", pk]) + "#corroboration")


@require_POST
@staff_view("edit")
def grading(request, pk: int):
    form = GradingForm(request.POST)
    if form.is_valid():
        try:
            services.grading_apply(user=request.user, incident_id=pk, grading=form.cleaned_data["grading"],
                                   note=form.cleaned_data["note"])
            messages.success(request, _("Grading saved."))
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
    return redirect(reverse("review:item", args=["incident", pk]) + "#corroboration")


@require_POST
@staff_view("edit")
def derive(request, pk: int):
    form = DeriveForm(request.POST)
    if form.is_valid():
        try:
            services.source_derive(user=request.user, source_id=pk, derived_from_id=form.cleaned_data["derived_from"])
            messages.success(request, _("Origin saved."))
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
    return redirect("review:item", "source", pk)


# ---- notifications ------------------------------------------------------------------------------

@staff_view()
def notifications(request):
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("review:notifications")
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/notifications.html", {"page": page})


# ---- cases --------------------------------------------------------------------------------------

@staff_view()
def cases(request):
    from sijill.confidentiality import visible_to

    form = CaseForm(request.POST or None)
    if request.method == "POST":
        if not request.user.may("create"):
            return HttpResponse(_("Your role does not allow this."), status=403)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
            try:
                case = services.case_create(user=request.user, **data)
            except (ValidationError, PermissionDenied) as exc:
                _errors(request, exc)
            else:
                return redirect("review:case", case.pk)
    listed = visible_to(Case.objects.select_related("actor", "place"), request.user)
    return render(request, "review/cases.html", {"cases": listed, "form": form})


@staff_view()
def case(request, pk: int):
    case_file = case_build(user=request.user, case_id=pk)
    elements = [f.element for c in case_file.crimes for f in c.elements]
    form = ElementLinkForm(request.POST or None, elements=elements)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.element_link_add(user=request.user, case_id=pk, element_id=data["element"], note=data["note"],
                                          act_id=data["act"], source_id=data["source"], witness_id=data["witness"])
            except (ValidationError, PermissionDenied) as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Evidence linked to the element."))
                return redirect("review:case", pk)
    return render(request, "review/case.html", {"file": case_file, "form": form})


@staff_view()
def case_export(request, pk: int, fmt: str):
    from sijill.audit.services import audit_record

    case_file = case_build(user=request.user, case_id=pk)
    audit_record(user=request.user, action="export", record_type="case", record_id=pk, changes={"format": fmt})
    name = f"case-{pk}.{fmt}"
    if fmt == "json":
        body = json.dumps(case_file_json(case_file), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(case_file_html(case_file), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---- command structure --------------------------------------------------------------------------

@staff_view()
def structure(request, slug: str):
    from django.db.models import Prefetch

    from sijill.actors.models import Actor
    from sijill.confidentiality import clearance_of, visible_to
    from sijill.sources.models import Source

    from .models import Command, Subordination

    actor = Actor.objects.filter(slug=slug, deleted_at__isnull=True).first()
    if actor is None:
        raise Http404
    command_form = CommandForm(request.POST if request.POST.get("form") == "command" else None)
    sub_form = SubordinationForm(request.POST if request.POST.get("form") == "subordination" else None, exclude=actor.pk)
    if request.method == "POST":
        try:
            if command_form.is_bound and command_form.is_valid():
                d = command_form.cleaned_data
                services.command_add(user=request.user, unit=actor, commander=d["commander"], position=d["position"],
                                     date_from=d["date_from"], date_to=d["date_to"], sources=source_numbers(d["sources"]))
                return redirect("review:structure", slug)
            if sub_form.is_bound and sub_form.is_valid():
                d = sub_form.cleaned_data
                services.subordination_add(user=request.user, unit=actor, parent=d["parent"], date_from=d["date_from"],
                                           date_to=d["date_to"], sources=source_numbers(d["sources"]))
                return redirect("review:structure", slug)
        except (ValidationError, PermissionDenied, NotFound) as exc:  # NotFound: a person the user may not see
            _errors(request, exc)
    clearance = clearance_of(request.user)
    visible_sources = Prefetch("sources", queryset=visible_to(Source.objects.all(), request.user), to_attr="visible_sources")
    commands = Command.objects.filter(unit=actor, commander__confidentiality__lte=clearance,
                                      commander__deleted_at__isnull=True).select_related("commander").prefetch_related(visible_sources)
    subs = Subordination.objects.filter(unit=actor).select_related("parent").prefetch_related(visible_sources)
    return render(request, "review/structure.html", {
        "actor": actor, "commands": commands, "subordinations": subs, "clearance": clearance,
        "command_form": command_form, "sub_form": sub_form,
    })


__all__ = ["queues", "item", "transition", "comment", "notifications", "cases", "case", "case_export", "structure",
           "case_get"]
