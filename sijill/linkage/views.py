"""The review of linkage: pairs side by side with the evidence for and against, decided with
buttons or keys (static/linkage/review.js); person clusters with their history and splits."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sijill.web.views import staff_view

from . import selectors, services
from .inputs import person_events
from .models import Kind, Verdict

QUEUE_SIZE = 25

FEATURE_LABELS = {
    "given": gettext_lazy("given name"), "middle": gettext_lazy("father's and grandfather's names"),
    "family": gettext_lazy("family name or laqab"), "name": gettext_lazy("name"), "sex": gettext_lazy("sex"),
    "age": gettext_lazy("age"), "birth_year": gettext_lazy("birth year"),
    "event_date": gettext_lazy("date of death or incident"), "place": gettext_lazy("place"),
    "source": gettext_lazy("source"), "date": gettext_lazy("date"),
    "violation_type": gettext_lazy("violation type"), "actor": gettext_lazy("actor"),
    "distance": gettext_lazy("distance"),
}


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _feature_rows(pair) -> list[dict]:
    rows = []
    for name, f in (pair.features or {}).items():
        weight = f.get("weight")
        rows.append({
            "name": name, "label": FEATURE_LABELS.get(name, name.replace("_", " ")),
            "left": f.get("left"), "right": f.get("right"), "level": f.get("level", ""), "weight": weight,
            "state": "agree" if f.get("agrees") else ("unknown" if not weight else "disagree"),
        })
    return rows


def _queue_context(request, kind: str) -> dict:
    user = request.user
    run = selectors.latest_run(kind=kind)
    queue = selectors.review_queue(user=user, kind=kind, run=run)
    pending = queue.count() if run else 0
    pairs = list(queue[:QUEUE_SIZE])
    ids = {i for p in pairs for i in (p.left_id, p.right_id)}
    records = selectors.records_by_id(user=user, kind=kind, ids=ids)
    extra = {}
    if kind == Kind.PERSONS and ids:
        provenance = selectors.person_provenance(user=user, person_ids=ids)
        events = person_events(ids)
        extra = {pid: {"provenance": provenance.get(pid, []), "event": events.get(pid)} for pid in ids}
    cards = [{
        "pair": p, "left": records.get(p.left_id), "right": records.get(p.right_id),
        "left_extra": extra.get(p.left_id, {}), "right_extra": extra.get(p.right_id, {}),
        "features": _feature_rows(p),
    } for p in pairs]
    return {
        "kind": kind, "run": run, "cards": cards, "pending": pending,
        "may_decide": user.may(services.DECIDE),
        "history": selectors.decision_history(user=user, kind=kind, limit=20),
        "runs": list(selectors.run_list(kind=kind)[:5]),
    }


@staff_view()
def queue(request):
    return render(request, "linkage/queue.html", _queue_context(request, Kind.PERSONS))


@staff_view()
def incident_queue(request):
    context = _queue_context(request, Kind.INCIDENTS)
    run = context["run"]
    clusters = []
    if run:
        ids = {int(i) for c in run.clusters for i in c}
        records = selectors.records_by_id(user=request.user, kind=Kind.INCIDENTS, ids=ids)
        for cluster in run.clusters:
            shown = [records[int(i)] for i in cluster if int(i) in records]
            if len(shown) > 1:
                clusters.append(shown)
    context["clusters"] = clusters
    return render(request, "linkage/queue.html", context)


@require_POST
@staff_view(services.DECIDE)
def decide(request, pk: int):
    verdict = request.POST.get("verdict", "")
    try:
        if verdict not in Verdict.values:
            raise ValidationError(_("Choose accept, reject or split."))
        decision = services.pair_decide_by_id(user=request.user, pair_id=pk, verdict=verdict,
                                              note=request.POST.get("note", ""))
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True, "decision": decision.pk, "verdict": decision.verdict,
                                 "label": decision.get_verdict_display()})
        messages.success(request, _("Decision saved: %(verdict)s.") % {"verdict": decision.get_verdict_display()})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/linkage/"
    return redirect(back)


@require_POST
@staff_view(services.DECIDE)
def run_start(request):
    """Queue a linkage run as a background job (Huey); the page shows it when done."""
    from .tasks import link_task

    kind = request.POST.get("kind", Kind.PERSONS)
    if kind not in Kind.values:
        return HttpResponseForbidden(_("Unknown kind."))
    link_task(kind, request.user.pk)
    messages.info(request, _("Linkage of %(kind)s started; refresh this page to see the new pairs.")
                  % {"kind": Kind(kind).label})
    return redirect("linkage:incidents" if kind == Kind.INCIDENTS else "linkage:queue")


@staff_view()
def cluster_list(request):
    return render(request, "linkage/clusters.html", {"clusters": selectors.cluster_list(user=request.user)})


@staff_view()
def cluster_detail(request, pk: int):
    view = selectors.cluster_detail(user=request.user, cluster_id=pk)
    ids = {m.person_id for m in view.members}
    provenance = selectors.person_provenance(user=request.user, person_ids=ids)
    rows = [{"member": m, "person": view.persons.get(m.person_id), "provenance": provenance.get(m.person_id, [])}
            for m in view.members]
    return render(request, "linkage/cluster.html", {
        "cluster": view.cluster, "rows": rows, "may_decide": request.user.may(services.DECIDE),
    })


@require_POST
@staff_view(services.DECIDE)
def cluster_split(request, pk: int, person_id: int):
    services.person_split(user=request.user, cluster_id=pk, person_id=person_id)
    messages.success(request, _("The person was taken out of the cluster; the merge is undone."))
    return redirect("linkage:cluster", pk=pk)
