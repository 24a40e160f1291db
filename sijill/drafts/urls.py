from django.urls import path

from . import views

app_name = "drafts"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("<int:pk>/", views.draft_review, name="review"),
    path("batches/", views.batch_new, name="batch_new"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/join/", views.batch_join, name="batch_join"),
    path("batches/<int:pk>/resume/", views.batch_resume, name="batch_resume"),
]
