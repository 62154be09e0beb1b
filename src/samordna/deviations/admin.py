"""Escalation levels in the admin. A principal's local administrator configures its line (rank 2, 3, ... with
the people holding each level) within the same scope as the rest of its organisation: only their own principals,
only their own staff as holders, never deleting. Superusers see every principal's line; other staff users are
left to Django's model permissions (e.g. a county coordinator given rights through a group)."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from samordna.deviations.models import EscalationLevel
from samordna.organizations.admin import ADD, CHANGE, VIEW, ScopedModelAdmin


@admin.register(EscalationLevel)
class EscalationLevelAdmin(ScopedModelAdmin):
    scope_lookup = "principal_id"
    local_admin_actions = frozenset({VIEW, ADD, CHANGE})
    list_display = ("principal", "rank", "title")
    list_filter = (("principal", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("principal",)
    filter_horizontal = ("holders",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """A local administrator names holders among their own principals' staff only."""
        if db_field.name == "holders":
            ids = self.administered_principal_ids(request)
            users = get_user_model().objects.filter(is_active=True, is_superuser=False)
            if ids is not None:
                users = users.filter(memberships__unit__principal_id__in=ids)
            kwargs["queryset"] = users.distinct().order_by("last_name", "first_name", "username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
