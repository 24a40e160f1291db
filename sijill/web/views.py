"""Views of the web UI: thin, they call selectors and services and render templates."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.audit.selectors import version_history
from sijill.confidentiality import visible_to
from sijill.errors import EditConflict, NotFound, PermissionDenied
from sijill.incidents import selectors as incident_selectors
from sijill.incidents import services as incident_services
from sijill.incidents.models import Incident
from sijill.people import selectors as person_selectors
from sijill.people import services as person_services
from sijill.sources import selectors as source_selectors
from sijill.sources import services as source_services

from .forms import (
    ActForm,
    ClaimForm,
    IncidentFilterForm,
    IncidentForm,
    PersonForm,
    SourceForm,
    VictimFormSet,
    apply_service_errors,
)

PAGE_SIZE = 50


def staff_view(action: str = "view"):
    """Require a logged-in user whose role allows `action`; turn NotFound into 404."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.may(action):
                return HttpResponseForbidden(_("Your role does not allow this."))
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(str(exc)) from exc
            except PermissionDenied as exc:
                return HttpResponseForbidden(str(exc))

        return wrapped

    return decorate


@staff_view()
def dashboard(request):
    user = request.user
    incidents = incident_selectors.incident_list(user=user)
    context = {
        "incident_count": incidents.count(),
        "person_count": person_selectors.person_list(user=user).count(),
        "source_count": source_selectors.source_list(user=user).count(),
        "recent": list(incidents[:10]),
        "by_status": _count_by(incidents, "status"),
        "by_grading": _count_by(incidents, "grading"),
    }
    return render(request, "sijill/dashboard.html", context)


def _count_by(queryset, field: str):
    from django.db.models import Count

    from sijill.vocabularies.models import Term

    rows = queryset.order_by().values(field).annotate(n=Count("id"))
    terms = {t.pk: t for t in Term.objects.filter(pk__in=[r[field] for r in rows if r[field]])}
    return [(terms.get(r[field]), r["n"]) for r in rows]


@staff_view()
def incident_list(request):
    form = IncidentFilterForm(request.GET or None)
    filters = incident_selectors.IncidentFilters()
    if form.is_bound and form.is_valid():
        filters = incident_selectors.IncidentFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    queryset = incident_selectors.incident_list(user=request.user, filters=filters)
    paginator = Paginator(queryset, PAGE_SIZE)
    # The total from the selector (a search is counted from its index), not queryset.count().
    paginator.count = incident_selectors.incident_list_total(user=request.user, filters=filters, queryset=queryset)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "sijill/incident_list.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_view()
def incident_detail(request, pk: int):
    incident = incident_selectors.incident_detail(user=request.user, incident_id=pk)
    return render(request, "sijill/incident_detail.html", {"incident": incident, "may_edit": request.user.may_edit(incident)})


def _victims_and_claim(act_form, victims, claim_form) -> dict:
    act = {k: v for k, v in act_form.cleaned_data.items() if v not in ("", None)}
    act["victims"] = [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE" and v not in ("", None)}
        for f in victims if f.cleaned_data and f.has_victim()
    ]
    claim = {k: v for k, v in claim_form.cleaned_data.items() if v not in ("", None, [])}
    if "sources" in claim:
        claim["sources"] = [int(pk) for pk in claim["sources"]]
    act["claims"] = [claim] if claim.get("actor") else []
    return act


@staff_view("create")
def incident_create(request):
    form = IncidentForm(request.POST or None, user=request.user)
    act_form = ActForm(request.POST or None, prefix="act")
    victims = VictimFormSet(request.POST or None, prefix="victims")
    claim_form = ClaimForm(request.POST or None, prefix="claim", user=request.user)
    if request.method == "POST":
        forms_valid = all([form.is_valid(), act_form.is_valid(), victims.is_valid(), claim_form.is_valid()])
        if forms_valid:
            acts = [_victims_and_claim(act_form, victims, claim_form)]
            try:
                incident = incident_services.incident_create(user=request.user, acts=acts, **form.service_fields())
            except ValidationError as exc:
                _spread_errors(exc, form, act_form, claim_form)
            else:
                messages.success(request, _("Incident filed."))
                return redirect("incident_detail", pk=incident.pk)
    return render(request, "sijill/incident_form.html", {
        "form": form, "act_form": act_form, "victims": victims, "claim_form": claim_form, "creating": True,
    })


def _spread_errors(exc: ValidationError, *forms) -> None:
    """Put each service error on the form that has the field."""
    for field, messages_ in exc.message_dict.items():
        target = next((f for f in forms if field in f.fields), forms[0])
        for message in messages_:
            target.add_error(field if field in target.fields else None, message)


@staff_view("edit")
def incident_edit(request, pk: int):
    incident = incident_selectors.incident_get(user=request.user, incident_id=pk)
    if not request.user.may_edit(incident):
        return HttpResponseForbidden(_("You may edit only the records you filed."))
    conflict = None
    if request.method == "POST":
        form = IncidentForm(request.POST, user=request.user, current_status=incident.status.code)
        if form.is_valid():
            try:
                incident_services.incident_update(
                    user=request.user, incident_id=incident.pk,
                    lock_version=form.cleaned_data.get("lock_version") or 0, **form.service_fields(),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except EditConflict as exc:
                conflict = exc
                conflict.rows = [
                    (k, exc.theirs.get(k), exc.yours.get(k)) for k in exc.theirs
                    if k not in ("acts",) and exc.theirs.get(k) != exc.yours.get(k)
                ]
                # Offer the form again on top of the current version, keeping what the user typed.
                data = request.POST.copy()
                data["lock_version"] = exc.their_version
                form = IncidentForm(data, user=request.user, current_status=incident.status.code)
                form.is_valid()
            else:
                messages.success(request, _("Incident saved."))
                return redirect("incident_detail", pk=incident.pk)
    else:
        initial = {name: getattr(incident, name) for name in incident_services.INCIDENT_FIELDS}
        initial.update(
            place=f"{incident.place.name} — {incident.place.pcode}" if incident.place_id else "",
            status=incident.status.code, grading=incident.grading.code if incident.grading_id else "",
            tags=", ".join(incident.tags or []), lock_version=incident.lock_version,
            sources=[str(pk) for pk in incident.sources.values_list("pk", flat=True)],
        )
        form = IncidentForm(initial=initial, user=request.user, current_status=incident.status.code)
    return render(request, "sijill/incident_form.html", {"form": form, "incident": incident, "conflict": conflict})


@staff_view("edit")
def act_create(request, pk: int):
    incident = incident_selectors.incident_get(user=request.user, incident_id=pk)
    if not request.user.may_edit(incident):
        return HttpResponseForbidden(_("You may edit only the records you filed."))
    act_form = ActForm(request.POST or None, prefix="act")
    victims = VictimFormSet(request.POST or None, prefix="victims")
    claim_form = ClaimForm(request.POST or None, prefix="claim", user=request.user)
    if request.method == "POST" and all([act_form.is_valid(), victims.is_valid(), claim_form.is_valid()]):
        try:
            incident_services.act_add(user=request.user, incident_id=incident.pk, **_victims_and_claim(act_form, victims, claim_form))
        except ValidationError as exc:
            _spread_errors(exc, act_form, claim_form)
        else:
            messages.success(request, _("Act added."))
            return redirect("incident_detail", pk=incident.pk)
    return render(request, "sijill/act_form.html", {"incident": incident, "act_form": act_form, "victims": victims, "claim_form": claim_form})


@staff_view()
def incident_history(request, pk: int):
    incident = incident_selectors.incident_get(user=request.user, incident_id=pk)
    history = incident_selectors.incident_history(user=request.user, incident_id=incident.pk)
    return render(request, "sijill/history.html", {"record": incident, "history": history, "back": "incident_detail"})


@require_POST
@staff_view("delete")
def incident_delete(request, pk: int):
    incident_services.incident_delete(user=request.user, incident_id=pk)
    messages.success(request, _("Incident deleted. It remains in the history and the audit log."))
    return redirect("incident_list")


@staff_view()
def person_list(request):
    q = request.GET.get("q", "")
    page = Paginator(person_selectors.person_list(user=request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sijill/person_list.html", {"page": page, "q": q})


@staff_view()
def person_detail(request, pk: int):
    from sijill.incidents.models import Victim

    person = person_selectors.person_get(user=request.user, person_id=pk)
    incidents = visible_to(Incident.objects.all(), request.user)
    links = Victim.objects.filter(person=person, act__incident__in=incidents).select_related("act__incident", "act__violation_type")
    from sijill.linkage.selectors import cluster_of_person

    history = version_history(record_type="person", record_id=person.pk)
    cluster = cluster_of_person(user=request.user, person_id=person.pk)
    return render(request, "sijill/person_detail.html",
                  {"person": person, "links": links, "history": history, "cluster": cluster})


@staff_view("edit")
def person_edit(request, pk: int):
    person = person_selectors.person_get(user=request.user, person_id=pk)
    if not request.user.may_edit(person):
        return HttpResponseForbidden(_("You may edit only the records you filed."))
    form = PersonForm(request.POST or None, initial={**{f: getattr(person, f) for f in PersonForm.base_fields if hasattr(person, f)}})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version") or 0
        try:
            person_services.person_update(user=request.user, person_id=person.pk, lock_version=lock, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except EditConflict as exc:
            conflict = exc
        else:
            return redirect("person_detail", pk=person.pk)
    return render(request, "sijill/simple_form.html", {"form": form, "title": person.name, "conflict": conflict})


@staff_view()
def source_list(request):
    q = request.GET.get("q", "")
    page = Paginator(source_selectors.source_list(user=request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sijill/source_list.html", {"page": page, "q": q})


@staff_view()
def source_detail(request, pk: int):
    source = source_selectors.source_get(user=request.user, source_id=pk)
    incidents = visible_to(source.incidents.all(), request.user)
    return render(request, "sijill/source_detail.html", {"source": source, "incidents": incidents})


@staff_view("create")
def source_create(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("lock_version", None)
        try:
            source = source_services.source_create(user=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("source_detail", pk=source.pk)
    return render(request, "sijill/simple_form.html", {"form": form, "title": _("New source")})


@staff_view()
def actor_list(request):
    from sijill.actors.models import Actor

    actors = Actor.objects.filter(deleted_at__isnull=True).prefetch_related("aliases").order_by("path")
    return render(request, "sijill/actor_list.html", {"actors": actors})


@staff_view()
def actor_detail(request, slug: str):
    from sijill.actors.models import Actor
    from sijill.incidents.selectors import IncidentFilters

    actor = Actor.objects.filter(slug=slug, deleted_at__isnull=True).prefetch_related("aliases", "units").first()
    if actor is None:
        raise Http404
    incidents = incident_selectors.incident_list(user=request.user, filters=IncidentFilters(actor=actor.slug))
    return render(request, "sijill/actor_detail.html", {"actor": actor, "incidents": incidents[:50], "count": incidents.count()})


@staff_view()
def place_detail(request, pcode: str):
    from sijill.incidents.selectors import IncidentFilters
    from sijill.places.models import Place

    place = Place.objects.filter(pcode=pcode).select_related("parent").first()
    if place is None:
        raise Http404
    ancestors = []
    node = place.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    incidents = incident_selectors.incident_list(user=request.user, filters=IncidentFilters(place=place.pcode))
    children = place.children.order_by("name_en")[:300]
    return render(request, "sijill/place_detail.html", {
        "place": place, "ancestors": ancestors, "children": children,
        "incidents": incidents[:50], "count": incidents.count(),
    })


@staff_view()
def place_suggest(request):
    """Options for the place field's datalist, as the user types (htmx)."""
    from sijill.places.models import Place

    q = request.GET.get("place", "") or request.GET.get("q", "")
    places = []
    if len(q.strip()) >= 2:
        try:
            from sijill.places.selectors import place_search

            places = place_search(q, limit=10)
        except ImportError:
            places = list(Place.objects.filter(name_en__istartswith=q)[:10])
    return render(request, "sijill/place_options.html", {"places": places})


