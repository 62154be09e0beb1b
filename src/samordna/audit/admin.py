from django.contrib import admin

from samordna.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is never edited, not even by a superuser."""

    list_display = ("at", "username", "unit_name", "principal_name", "action", "object_type", "object_id", "person_id")
    list_filter = ("action", "object_type", "principal_name")
    search_fields = ("username", "unit_name", "object_id", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
