"""The staff report editor (/reports/) and the review queue of public submissions. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.audit.selectors import version_history
from sijill.errors import EditConflict
from sijill.reports import selectors as report_selectors
from sijill.reports import services as report_services
from sijill.reports.models import ReportStatus
from sijill.web.forms import apply_service_errors
from sijill.web.views import staff_view

from . import services
from .forms import AuthorForm, PublishForm, ReportForm, ReturnForm
from .models import SubmissionStatus


def _translations(user, report=None):
    qs = report_selectors.report_list(user=user)
    if report is not None:
        qs = qs.exclude(pk=report.pk).exclude(language=report.language)
    return list(qs[:200])


@staff_view()
def report_list(request):
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    reports = report_selectors.report_list(user=request.user, status=status)
    return render(request, "publishing/staff/report_list.html", {
        "reports": reports[:500], "status": status, "statuses": ReportStatus.choices,
        "may_read_submissions": services.may_read_submissions(request.user),
    })


@staff_view("create")
def report_create(request):
    form = ReportForm(request.POST or None, translations=_translations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            report = report_services.report_create(user=request.user, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Report saved as a draft."))
            return redirect("publishing:report_detail", pk=report.pk)
    return render(request, "publishing/staff/report_form.html", {"form": form, "creating": True})


@staff_view("edit")
def report_edit(request, pk: int):
    report = report_selectors.report_get(user=request.user, report_id=pk)
    form = ReportForm(request.POST or None, initial=ReportForm.initial_for(report),
                      translations=_translations(request.user, report))
    if request.method == "POST" and form.is_valid():
        try:
            report_services.report_update(user=request.user, report_id=pk,
                                          lock_version=int(request.POST.get("lock_version", 0)),
                                          **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except EditConflict as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Report saved."))
            return redirect("publishing:report_detail", pk=pk)
    return render(request, "publishing/staff/report_form.html", {"form": form, "report": report})


@staff_view()
def report_detail(request, pk: int):
    from sijill.exports.redaction import public_incidents

    report = report_selectors.report_get(user=request.user, report_id=pk)
    user = request.user
    linked = report.incidents.values("pk")
    return render(request, "publishing/staff/report_detail.html", {
        "report": report,
        # Linked incidents the portal will not show (not public, or rejected): the editor should know.
        "hidden_incidents": report.incidents.count() - public_incidents().filter(pk__in=linked).count(),
        "may_edit": user.may_edit(report) and (
            report.status != ReportStatus.PUBLISHED or report_services.may_publish(user)),
        "may_publish": report_services.may_publish(user),
        "publish_form": PublishForm(), "return_form": ReturnForm(),
    })


def _transition(request, pk, apply, done: str):
    try:
        apply()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect("publishing:report_detail", pk=pk)


@require_POST
@staff_view("edit")
def report_submit(request, pk: int):
    return _transition(request, pk, lambda: report_services.report_submit(user=request.user, report_id=pk),
                       _("Sent for review."))


@require_POST
@staff_view()
def report_return(request, pk: int):
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _transition(request, pk, lambda: report_services.report_return(user=request.user, report_id=pk, note=note),
                       _("Returned to the author."))


@require_POST
@staff_view()
def report_publish(request, pk: int):
    form = PublishForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect("publishing:report_detail", pk=pk)
    at = form.cleaned_data["at"]
    return _transition(request, pk, lambda: report_services.report_publish(user=request.user, report_id=pk, at=at),
                       _("Scheduled.") if at else _("Published."))


@require_POST
@staff_view()
def report_withdraw(request, pk: int):
    return _transition(request, pk, lambda: report_services.report_withdraw(user=request.user, report_id=pk),
                       _("Withdrawn from the portal."))


@staff_view()
def report_history(request, pk: int):
    report = report_selectors.report_get(user=request.user, report_id=pk)
    return render(request, "publishing/staff/report_history.html", {
        "report": report, "history": version_history(record_type="report", record_id=report.pk),
    })


@staff_view("edit")
def author_edit(request, slug: str):
    from sijill.reports.models import Author

    author = Author.objects.filter(slug=slug).first()
    if author is None:
        raise Http404(f"No author {slug!r}.")
    form = AuthorForm(request.POST or None, initial=report_services.author_snapshot(author))
    if request.method == "POST" and form.is_valid():
        try:
            report_services.author_update(user=request.user, slug=slug, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Author saved."))
            return redirect("publishing:author_edit", slug=slug)
    return render(request, "publishing/staff/author_form.html", {"form": form, "author": author})


@staff_view()
def submission_list(request):
    status = request.GET.get("status", SubmissionStatus.NEW)
    if status not in SubmissionStatus.values:
        status = ""
    submissions = services.submission_list(user=request.user, status=status)
    return render(request, "publishing/staff/submission_list.html", {
        "submissions": submissions[:500], "status": status, "statuses": SubmissionStatus.choices,
    })


@staff_view()
def submission_detail(request, ref):
    if request.method == "POST":
        try:
            if request.POST.get("accept"):
                source = services.submission_accept(user=request.user, ref=ref, note=request.POST.get("note", ""))
                messages.success(request, _("Taken into documentation as a source waiting for review."))
                return redirect("source_detail", pk=source.pk)
            services.submission_review(user=request.user, ref=ref, status=request.POST.get("status", ""),
                                       note=request.POST.get("note", ""))
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Submission marked."))
        return redirect("publishing:submission_detail", ref=ref)
    opened = services.submission_open(user=request.user, ref=ref)
    return render(request, "publishing/staff/submission_detail.html", {
        **opened, "statuses": SubmissionStatus.choices,
    })
