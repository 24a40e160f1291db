"""Admins edit the controlled vocabularies here; every change goes to the audit log."""

from django.contrib import admin
from django.forms.models import model_to_dict

from sijill.audit.services import audit_record, snapshot_diff

from .models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("kind", "code", "label_en", "label_ar", "position", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "label_en", "label_ar")
    ordering = ("kind", "position")

    def has_module_permission(self, request):
        return request.user.is_authenticated and request.user.may("manage_vocabularies")

    has_view_permission = has_change_permission = has_add_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )

    def has_delete_permission(self, request, obj=None):
        # Terms are referenced by records; retire them with `active` instead of deleting.
        return False

    def save_model(self, request, obj, form, change):
        before = model_to_dict(Term.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit_record(user=request.user, action="update" if change else "create", record_type="term",
                     record_id=obj.pk, changes=snapshot_diff(before, model_to_dict(obj)))
