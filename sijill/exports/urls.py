from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/", views.download, name="download"),
    path("case-files/", views.case_file_lookup, name="case_file_lookup"),
    path("case-files/incident/<int:pk>/", views.incident_case_file, name="incident_case_file"),
    path("case-files/actor/<slug:slug>/", views.actor_case_file, name="actor_case_file"),
    path("case-files/place/<str:pcode>/", views.place_case_file, name="place_case_file"),
]
