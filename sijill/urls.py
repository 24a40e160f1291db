from django.urls import include, path

urlpatterns = [
    path("", include("sijill.web.urls")),
]
