from django.urls import include, path

from sijill.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("accounts/security-key/", include("sijill.security.urls")),  # WebAuthn second factor
    path("", include("sijill.web.urls")),
]
