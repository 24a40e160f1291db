from django.urls import include, path

from sijill.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("sijill.web.urls")),
]
