from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.queues, name="queues"),
    path("queue/<str:queue>/", views.queues, name="queue"),
    path("notifications/", views.notifications, name="notifications"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/case-file.<str:fmt>", views.case_export, name="case_export"),
    path("actors/<slug:slug>/", views.structure, name="structure"),
    path("incident/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("incident/<int:pk>/grading/", views.grading, name="grading"),
    path("source/<int:pk>/derive/", views.derive, name="derive"),
    path("<str:kind>/<int:pk>/", views.item, name="item"),
    path("<str:kind>/<int:pk>/comment/", views.comment, name="comment"),
    path("<str:kind>/<int:pk>/<str:action>/", views.transition, name="transition"),
]
