"""Escalation levels in the admin, for superusers and staff given the model permissions (e.g. a county
coordinator through a group). Local administrators keep to their organisations' admin pages."""

from django.contrib import admin

from samordna.deviations.models import EscalationLevel


@admin.register(EscalationLevel)
class EscalationLevelAdmin(admin.ModelAdmin):
    list_display = ("principal", "rank", "title")
    list_filter = (("principal", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("principal",)
    filter_horizontal = ("holders",)
