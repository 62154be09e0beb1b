"""Escalation levels in the admin: each principal's local administrator keeps its own line organisation."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from samordna.deviations.models import EscalationLevel
from samordna.organizations.admin import ADD, CHANGE, VIEW, ScopedModelAdmin


@admin.register(EscalationLevel)
class EscalationLevelAdmin(ScopedModelAdmin):
    scope_lookup = "principal_id"
    local_admin_actions = frozenset({VIEW, ADD, CHANGE, "delete"})
    list_display = ("principal", "rank", "title")
    list_filter = (("principal", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("principal",)
    filter_horizontal = ("holders",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """A local administrator names holders among their own principal's staff only."""
        ids = self.administered_principal_ids(request)
        if db_field.name == "holders" and ids is not None:
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(memberships__unit__principal_id__in=ids, is_superuser=False)
                .distinct()
                .order_by("last_name", "first_name")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
