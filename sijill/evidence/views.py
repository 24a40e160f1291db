"""Web pages of the evidence vault: thin, they call selectors and services.

Uploads are sent by `static/evidence/upload.js` one file per request as the raw body
(application/octet-stream), so Django never buffers them: the body is streamed into the vault.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.confidentiality import Confidentiality
from sijill.web.views import staff_view

from . import selectors, services
from .models import Kind, Method


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return exc.messages


@staff_view()
def evidence_list(request):
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    page = Paginator(selectors.evidence_list(user=request.user, q=q, kind=kind), 50).get_page(request.GET.get("page"))
    may_package = request.user.may("edit_any")
    return render(request, "evidence/list.html", {
        "page": page, "q": q, "kind": kind, "kinds": Kind.choices, "may_package": may_package,
        "key": _package_key() if may_package else "",
    })


def _package_key() -> str:
    from .signing import fingerprint

    return fingerprint()


@staff_view()
def evidence_detail(request, pk: int):
    item = selectors.evidence_get(user=request.user, item_id=pk)
    services.evidence_viewed(user=request.user, item=item)
    context = {
        "item": item,
        "acquisition": getattr(item, "acquisition", None),
        "incidents": selectors.evidence_incidents(user=request.user, item=item),
        "custody": selectors.custody_log(item=item).select_related("actor"),
        "near": selectors.near_duplicates(user=request.user, item=item),
        "derivatives": selectors.evidence_list(user=request.user).filter(derived_from=item),
        "original": selectors.evidence_list(user=request.user).filter(pk=item.derived_from_id).first(),
        "source": selectors.acquisition_source(user=request.user, item=item),
        "levels": Confidentiality.choices,
        "may_edit": request.user.may_edit(item),
    }
    return render(request, "evidence/detail.html", context)


@staff_view()
def evidence_original(request, pk: int):
    """The original bytes, as an attachment; recorded as a custody event before it is sent."""
    item, fh = services.evidence_open(user=request.user, item_id=pk, details={"channel": "web"})
    response = FileResponse(fh, as_attachment=True, filename=item.original_name, content_type="application/octet-stream")
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view()
def evidence_thumbnail(request, pk: int):
    item = selectors.evidence_get(user=request.user, item_id=pk)
    path = services.vault().derived_path("thumbnails", f"{item.sha256}.jpg")
    if not path.exists():
        raise Http404(_("No thumbnail."))
    response = FileResponse(open(path, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@staff_view("create")
def evidence_upload(request):
    """GET: the drag-and-drop page. POST: one file as the raw body; answers JSON."""
    if request.method != "POST":
        return render(request, "evidence/upload.html", {
            "methods": Method.choices, "levels": Confidentiality.choices, "incident": request.GET.get("incident", ""),
        })
    p = request.GET
    try:
        # Refused on the announced length, before the body is read; a body that runs past the
        # limit anyway (no or a false length) is stopped by the vault while streaming.
        services.check_upload_size(filename=p.get("filename", ""), size=int(request.META.get("CONTENT_LENGTH") or 0))
    except ValidationError as exc:
        return JsonResponse({"errors": _errors(exc)}, status=413)
    except ValueError:
        return JsonResponse({"errors": [_("The request does not say how long the file is.")]}, status=400)
    try:
        added = services.evidence_add(
            user=request.user, stream=request, filename=p.get("filename", ""),
            incidents=[i for i in p.getlist("incident") if i], source=p.get("source") or None,
            method=p.get("method") or Method.OTHER, original_url=p.get("url", ""), collector=p.get("collector", ""),
            confidentiality=p.get("confidentiality") or None, channel="web",
        )
    except ValidationError as exc:
        too_large = any(e.code == services.TOO_LARGE for e in getattr(exc, "error_dict", {}).get("file", []))
        return JsonResponse({"errors": _errors(exc)}, status=413 if too_large else 400)
    item = added.item
    return JsonResponse({
        "id": item.pk, "sha256": item.sha256, "url": reverse("evidence:detail", args=[item.pk]),
        "duplicate_of": added.duplicate_of.pk if added.duplicate_of else None, "messages": added.messages,
    }, status=201)


@staff_view("edit")
def evidence_redact(request, pk: int):
    item = selectors.evidence_get(user=request.user, item_id=pk)
    error = ""
    if request.method == "POST":
        try:
            regions = [tuple(int(v) for v in line.replace(" ", "").split(","))
                       for line in request.POST.get("regions", "").splitlines() if line.strip()]
            if not regions or any(len(r) != 4 for r in regions):
                raise ValueError
        except ValueError:
            error = _("Give one region per line as x,y,width,height in pixels.")
        else:
            try:
                added = services.evidence_redact(user=request.user, item_id=pk, regions=regions)
            except ValidationError as exc:
                error = " ".join(_errors(exc))
            else:
                messages.success(request, _("Redacted copy stored as a separate item; the original is unchanged."))
                return redirect("evidence:detail", added.item.pk)
    return render(request, "evidence/redact.html", {"item": item, "error": error})


@require_POST
@staff_view("edit_any")
def evidence_package(request):
    """Build a signed evidence package of an incident's evidence, or of the items ticked, and send it.

    Only what the user may see goes in (the selectors decide); every item exported gets a custody
    event. The ZIP is written to the vault's temporary folder and removed once it is open.
    """
    import tempfile
    from datetime import date

    from .packages import PackageError, package_build

    incident = request.POST.get("incident") or None
    try:
        items = [int(i) for i in request.POST.getlist("item") if i] or None
        incident = int(incident) if incident else None
    except ValueError:
        raise Http404(_("No such evidence.")) from None
    back = request.POST.get("next") or reverse("evidence:list")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("evidence:list")
    if (incident is None) == (items is None):
        messages.error(request, _("Choose an incident or tick the items to put in the package."))
        return redirect(back)
    folder = services.vault().root / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix="package-", suffix=".zip", dir=folder)
    os.close(fd)
    try:
        manifest = package_build(user=request.user, out=temp, incident_id=incident, item_ids=items, channel="web")
        fh = open(temp, "rb")
    except PackageError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    finally:
        os.unlink(temp)  # an open file stays readable until the response is sent
    subject = f"incident-{incident}" if incident else f"{len(manifest['items'])}-items"
    response = FileResponse(fh, as_attachment=True, content_type="application/zip",
                            filename=f"evidence-{subject}-{date.today().isoformat()}.zip")
    response["X-Package-Key"] = manifest["signature"]["key_sha256"]
    return response


@require_POST
@staff_view("edit")
def evidence_access(request, pk: int):
    try:
        services.evidence_set_access(user=request.user, item_id=pk, confidentiality=request.POST.get("confidentiality", ""))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(_errors(exc)) if isinstance(exc, ValidationError) else _("Choose a level."))
        return redirect("evidence:detail", pk)
    messages.success(request, _("Access changed."))
    return redirect("evidence:detail", pk)
