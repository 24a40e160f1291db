from django.urls import path

from . import views

app_name = "drafts"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("<int:pk>/", views.draft_review, name="review"),
]
