from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sijill.accounts import views as account_views

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("incidents/<int:pk>/acts/new/", views.act_create, name="act_create"),
    path("incidents/<int:pk>/history/", views.incident_history, name="incident_history"),
    path("incidents/<int:pk>/delete/", views.incident_delete, name="incident_delete"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("places/suggest/", views.place_suggest, name="place_suggest"),
    path("places/<str:pcode>/", views.place_detail, name="place_detail"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", account_views.two_factor, name="two_factor"),
    path("evidence/", include("sijill.evidence.urls")),
    path("imports/", include("sijill.intake.urls")),
    path("drafts/", include("sijill.drafts.urls")),
    path("linkage/", include("sijill.linkage.urls")),
    path("analysis/", include("sijill.analysis.urls")),
    path("reports/", include("sijill.publishing.urls")),
    path("public/", include("sijill.publishing.public_urls")),
    path("exports/", include("sijill.exports.urls")),
    path("review/", include("sijill.review.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
