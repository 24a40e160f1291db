"""The staff report editor and the submissions review queue, mounted at /reports/."""

from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("<int:pk>/withdraw/", views.report_withdraw, name="report_withdraw"),
    path("<int:pk>/history/", views.report_history, name="report_history"),
    path("authors/<str:slug>/edit/", views.author_edit, name="author_edit"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<uuid:ref>/", views.submission_detail, name="submission_detail"),
]
