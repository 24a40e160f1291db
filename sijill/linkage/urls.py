from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("incidents/", views.incident_queue, name="incidents"),
    path("pairs/<int:pk>/decide/", views.decide, name="decide"),
    path("runs/new/", views.run_start, name="run_start"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
    path("clusters/<int:pk>/split/<int:person_id>/", views.cluster_split, name="cluster_split"),
]
