"""Login, two-factor verification and enrolment, logout."""

from __future__ import annotations

import base64
import io

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginView(auth_views.LoginView):
    template_name = "sijill/login.html"
    redirect_authenticated_user = True


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("six-digit code"), max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def _qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


@login_required
def two_factor(request):
    """Verify a TOTP code; a staff user without a device first enrols one."""
    if request.user.is_verified():
        return redirect("dashboard")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="authenticator", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(request.GET.get("next") or "dashboard")
        form.add_error("token", _("That code is not valid. Check the time on your phone and try the newest code."))
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context["secret"] = base64.b32encode(device.bin_key).decode("ascii")
        context["qr_svg"] = _qr_svg(device.config_url)
    return render(request, "sijill/two_factor.html", context)
