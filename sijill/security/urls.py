from django.urls import path

from . import views

urlpatterns = [
    path("", views.security_keys_page, name="security_keys"),
    path("options/register/", views.options, {"purpose": "register"}, name="security_key_register_options"),
    path("options/sign-in/", views.options, {"purpose": "sign-in"}, name="security_key_sign_in_options"),
    path("register/", views.register, name="security_key_register"),
    path("sign-in/", views.sign_in, name="security_key_sign_in"),
]
