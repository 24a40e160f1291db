from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("upload/", views.evidence_upload, name="upload"),
    path("package/", views.evidence_package, name="package"),
    path("<int:pk>/", views.evidence_detail, name="detail"),
    path("<int:pk>/original/", views.evidence_original, name="original"),
    path("<int:pk>/thumbnail/", views.evidence_thumbnail, name="thumbnail"),
    path("<int:pk>/redact/", views.evidence_redact, name="redact"),
    path("<int:pk>/access/", views.evidence_access, name="access"),
]
