from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("<int:pk>/", views.draft, name="draft"),
    path("<int:pk>/mapping/", views.mapping_new, name="mapping"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/start/", views.start, name="start"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.progress, name="progress"),
    path("runs/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("runs/<int:pk>/rejected.csv", views.rejects, name="rejects"),
]
