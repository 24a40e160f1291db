"""Pages of the import wizard: thin, they call selectors and services.

upload -> /imports/<id>/ (detected format, choose or make a mapping, confidentiality)
-> preview of the first rows -> dry run or import, queued as a background job -> the run's page:
live progress (htmx polls a small fragment every second) and a cancel button while it runs, the
counts, every problem, the rejected rows to download and the values left for review when done.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.web.progress import job_progress, progress_fragment
from sijill.web.views import staff_view

from . import selectors, services
from .forms import ConfigureForm, MappingForm, UploadForm
from .mappings import BUILTIN, MappingError
from .models import Mapping, RunStatus, Target

# A dry run lists every problem; the page shows this many, the CSV all of them.
PROBLEMS_SHOWN = 1000


def _mappings_for(columns: list[str]) -> list[tuple[str, str]]:
    """Mappings that fit the file's columns, built-in first."""
    out = []
    for mapping in BUILTIN.values():
        try:
            mapping.check_columns(columns)
        except MappingError:
            continue
        out.append((mapping.name, f"{mapping.name} — {mapping.description}"))
    for saved in Mapping.objects.all():
        try:
            services.mapping_get(saved.name).check_columns(columns)
        except (MappingError, services.ImportProblem):
            continue
        out.append((saved.name, _("%(name)s — saved mapping for %(source)s (%(target)s)") % {
            "name": saved.name, "source": saved.source_name, "target": saved.get_target_display()}))
    return out


@staff_view("create")
def run_list(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.import_upload(user=request.user, upload=upload.chunks(), file_name=upload.name)
        except services.ImportProblem as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("intake:draft", pk=run.pk)
    runs = selectors.run_list(user=request.user).exclude(status=RunStatus.DRAFT)[:50]
    return render(request, "intake/list.html", {"form": form, "runs": runs})


@staff_view("create")
def draft(request, pk: int):
    """Step 2: what was detected, and the mapping, confidentiality and error policy."""
    run = selectors.run_get(user=request.user, run_id=pk)
    if run.status != RunStatus.DRAFT:
        return redirect("intake:run", pk=run.pk)
    mappings = _mappings_for(run.columns)
    form = ConfigureForm(request.POST or None, user=request.user, mappings=mappings,
                         initial={"mapping": run.mapping_name, "confidentiality": run.confidentiality,
                                  "on_error": run.on_error})
    if request.method == "POST" and form.is_valid():
        try:
            services.import_configure(user=request.user, run=run, mapping_name=form.cleaned_data["mapping"],
                                      confidentiality=form.cleaned_data["confidentiality"],
                                      on_error=form.cleaned_data["on_error"])
        except services.ImportProblem as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("intake:preview", pk=run.pk)
    return render(request, "intake/draft.html", {"run": run, "form": form, "has_mappings": bool(mappings),
                                                 "targets": Target.choices})


@staff_view("create")
def mapping_new(request, pk: int):
    """Map the file's columns to fields and save the mapping under a name, for this and later files."""
    run = selectors.run_get(user=request.user, run_id=pk)
    target = request.POST.get("target") or request.GET.get("target") or Target.PERSON
    if target not in Target.values:
        target = Target.PERSON
    form = MappingForm(request.POST or None, target=target, columns=run.columns)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mapping_save(user=request.user, name=form.cleaned_data["name"], target=target,
                                          source_name=form.cleaned_data["source_name"], spec=form.spec())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Mapping %(name)s saved.") % {"name": saved.name})
            if run.status == RunStatus.DRAFT:
                run.mapping_name = saved.name
                run.save(update_fields=["mapping_name"])
            return redirect("intake:draft", pk=run.pk)
    fields = [form[name] for name in form.fields if name.startswith("f_")]
    return render(request, "intake/mapping.html", {"run": run, "form": form, "target": target,
                                                   "targets": Target.choices, "field_rows": fields})


@staff_view("create")
def preview(request, pk: int):
    """Step 3: the first rows as they will be stored, each with its problems."""
    run = selectors.run_get(user=request.user, run_id=pk)
    if run.status != RunStatus.DRAFT:
        return redirect("intake:run", pk=run.pk)
    try:
        rows, issues = services.import_preview(run=run)
    except services.ImportProblem as exc:
        messages.error(request, str(exc))
        return redirect("intake:draft", pk=run.pk)
    return render(request, "intake/preview.html", {"run": run, "rows": rows, "issues": issues})


@staff_view("create")
@require_POST
def start(request, pk: int):
    """Step 4: the dry run or the import, queued as a background job."""
    draft_run = selectors.run_get(user=request.user, run_id=pk)
    try:
        run = services.import_start(user=request.user, draft=draft_run, dry_run=request.POST.get("dry_run") == "1")
    except services.ImportProblem as exc:
        messages.error(request, str(exc))
        return redirect("intake:draft", pk=pk)
    return redirect("intake:run", pk=run.pk)


def _progress(run) -> dict:
    return {"run": run, **job_progress(done=run.rows_done, total=run.rows_total or 0, started_at=run.started_at,
                                       finished_at=run.finished_at, finished=run.finished)}


@staff_view("create")
def run_detail(request, pk: int):
    """While running: progress and cancel. When finished: counts, problems, rejects, review list."""
    run = selectors.run_get(user=request.user, run_id=pk)
    if run.status == RunStatus.DRAFT:
        return redirect("intake:draft", pk=run.pk)
    context = _progress(run)
    if run.finished:
        context["rejections"] = run.rejections.all()[:PROBLEMS_SHOWN]
        context["issues"] = selectors.run_issues(run=run)
        context["draft"] = selectors.run_list(user=request.user).filter(
            status=RunStatus.DRAFT, file_sha256=run.file_sha256, mapping_name=run.mapping_name).first()
    return render(request, "intake/run.html", context)


@staff_view("create")
def progress(request, pk: int):
    """The progress fragment htmx polls; once the run is finished it asks the page to reload."""
    run = selectors.run_get(user=request.user, run_id=pk)
    return progress_fragment(request, "intake/progress.html", _progress(run), finished=run.finished)


@staff_view("create")
@require_POST
def cancel(request, pk: int):
    run = selectors.run_get(user=request.user, run_id=pk)
    services.import_cancel(user=request.user, run_id=run.pk)
    messages.info(request, _("The import stops after the batch it is writing; every batch written is kept."))
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect("intake:run", pk=run.pk)


@staff_view("create")
def rejects(request, pk: int):
    """The rejected rows in the file's own columns plus the reasons, to correct and import again."""
    run = selectors.run_get(user=request.user, run_id=pk)
    if not run.rejected:
        raise Http404(_("No row was rejected."))
    path = Path(run.rejects_path) if run.rejects_path else None
    if path is None or not path.exists():
        path = services.rejects_write(run)
    name = f"{run.file_name.rsplit('.', 1)[0]}-rejected-{int(time.time())}.csv"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name, content_type="text/csv")


