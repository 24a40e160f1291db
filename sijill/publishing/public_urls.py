"""The public portal, mounted at /public/: no login."""

from django.urls import path

from . import public_views as views
from .feeds import ReportFeed

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<str:slug>/", views.report_detail, name="report_detail"),
    path("authors/<str:slug>/", views.author_detail, name="author_detail"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("actors/<slug:slug>/case-file/", views.actor_case_file, name="actor_case_file"),
    path("places/<str:pcode>/", views.place_detail, name="place_detail"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents.geojson", views.incident_geojson, name="incident_geojson"),
    path("governorates.geojson", views.governorate_outlines, name="governorates"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/case-file/", views.incident_case_file, name="incident_case_file"),
    path("feeds/<str:language>/", ReportFeed(), name="feed"),
    path("submit/", views.submit, name="submit"),
    path("submit/thanks/", views.submit_thanks, name="submit_thanks"),
]
