"""Django admin for organisations, also used by local administrators (lokala administratörer).

Superusers see and edit everything. A staff user (is_staff) with the local-administrator role in a unit
manages the units, memberships and contact routes of that unit's principal, may look at the principal
itself and at the routine profiles, and nothing else. Their scope comes from their memberships
(`administered_principal_ids`), never from Django model permissions, so a local administrator needs no
permission rows at all and a stray group permission cannot widen what they reach. Other staff users are
left to Django's model permissions (e.g. a county coordinator given rights through a group).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.organizations.models import ContactRoute, Membership, Principal, RoutineProfile, Unit
from samordna.organizations.selectors import administered_principal_ids
from samordna.organizations.services import staff_second_factor_reset

VIEW, ADD, CHANGE = "view", "add", "change"


class LocalAdminScopeMixin:
    """Scopes a model admin to the principals the requesting local administrator administers.

    `scope_lookup` is the ORM path from the model to its principal's id; `None` means the rows belong to
    no principal and a local administrator sees all of them. `local_admin_actions` lists what a local
    administrator may do (never delete: units are deactivated, not removed).
    """

    scope_lookup: str | None = None
    local_admin_actions: frozenset[str] = frozenset({VIEW})

    def administered_principal_ids(self, request) -> set[int] | None:
        """The principals in the requesting user's care, or None when local-administrator rules don't apply."""
        if not hasattr(request, "_samordna_administered_principal_ids"):
            user = request.user
            ids = None
            if user.is_active and user.is_staff and not user.is_superuser:
                ids = administered_principal_ids(user) or None
            request._samordna_administered_principal_ids = ids
        return request._samordna_administered_principal_ids

    def principal_id_of(self, obj) -> int | None:
        value = obj
        for part in self.scope_lookup.split("__"):
            value = getattr(value, part)
        return value

    def local_admin_may(self, request, action: str, obj=None) -> bool | None:
        """True/False for a local administrator, None for everyone else (superuser or model permissions)."""
        ids = self.administered_principal_ids(request)
        if ids is None:
            return None
        if action not in self.local_admin_actions:
            return False
        return obj is None or self.scope_lookup is None or self.principal_id_of(obj) in ids

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = self.administered_principal_ids(request)
        if ids is not None and self.scope_lookup is not None:
            queryset = queryset.filter(**{f"{self.scope_lookup}__in": ids})
        return queryset

    def has_module_permission(self, request):
        if self.administered_principal_ids(request) is not None:
            return True
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        allowed = self.local_admin_may(request, VIEW, obj)
        return super().has_view_permission(request, obj) if allowed is None else allowed

    def has_change_permission(self, request, obj=None):
        allowed = self.local_admin_may(request, CHANGE, obj)
        return super().has_change_permission(request, obj) if allowed is None else allowed

    def has_delete_permission(self, request, obj=None):
        allowed = self.local_admin_may(request, "delete", obj)
        return super().has_delete_permission(request, obj) if allowed is None else allowed

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer a local administrator only their own principals and those principals' units."""
        ids = self.administered_principal_ids(request)
        if ids is not None:
            related = db_field.remote_field.model
            if related is Principal:
                kwargs["queryset"] = Principal.objects.filter(pk__in=ids)
            elif related is Unit:
                kwargs["queryset"] = (
                    Unit.objects.filter(principal_id__in=ids).select_related("principal").order_by("name")
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedModelAdmin(LocalAdminScopeMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        allowed = self.local_admin_may(request, ADD)
        return super().has_add_permission(request) if allowed is None else allowed


class ScopedInline(LocalAdminScopeMixin, admin.TabularInline):
    """An inline's permission methods get the parent object; `parent_scope_lookup` leads from it to the principal."""

    parent_scope_lookup = "principal_id"

    def principal_id_of(self, obj) -> int | None:
        return getattr(obj, self.parent_scope_lookup)

    def has_add_permission(self, request, obj):
        allowed = self.local_admin_may(request, ADD, obj)
        return super().has_add_permission(request, obj) if allowed is None else allowed


class UserChoiceField(forms.ModelChoiceField):
    """Names are not unique; the user name is."""

    def label_from_instance(self, obj) -> str:
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else obj.username


@admin.register(RoutineProfile)
class RoutineProfileAdmin(ScopedModelAdmin):
    """County configuration: local administrators may read it, only superusers change it."""

    list_display = (
        "name",
        "code",
        "consent_default_validity_days",
        "consent_max_validity_days",
        "meeting_within_days",
        "withdrawn_documentation",
    )
    search_fields = ("name", "code")


@admin.register(Principal)
class PrincipalAdmin(ScopedModelAdmin):
    scope_lookup = "pk"
    list_display = ("name", "kind", "routine_profile")
    list_filter = ("kind",)
    list_select_related = ("routine_profile",)
    search_fields = ("name",)


class ContactRouteInline(ScopedInline):
    model = ContactRoute
    scope_lookup = "unit__principal_id"
    local_admin_actions = frozenset({VIEW, ADD, CHANGE})
    fields = ("label", "email", "phone", "phone_hours", "postal_address", "contact_person")
    extra = 0


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    scope_lookup = "principal_id"
    local_admin_actions = frozenset({VIEW, ADD, CHANGE})
    list_display = ("name", "principal", "sector", "hsa_id", "is_inpatient_ward", "is_active")
    list_filter = (("principal", admin.RelatedOnlyFieldListFilter), "sector", "is_inpatient_ward", "is_active")
    list_select_related = ("principal",)
    search_fields = ("name", "hsa_id", "principal__name")
    inlines = (ContactRouteInline,)


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    scope_lookup = "unit__principal_id"
    local_admin_actions = frozenset({VIEW, ADD, CHANGE})
    list_display = ("user", "unit", "role")
    list_filter = ("role", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "unit", "unit__principal")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "unit__name")
    autocomplete_fields = ("user",)

    actions = ("reset_second_factor",)

    @admin.action(description=_("Återställ tvåstegsverifiering (borttappad telefon)"))
    def reset_second_factor(self, request, queryset):
        """Local administrators reset the second factor of their own principal's staff; audited per user."""
        users = {membership.user for membership in queryset.select_related("user")}
        refused = []
        for user in users:
            try:
                staff_second_factor_reset(user=user, by=request.user)
            except PermissionDenied:
                refused.append(str(user))
        if len(users) > len(refused):
            self.message_user(
                request,
                _("Tvåstegsverifieringen är återställd för %(count)s användare.")
                % {"count": len(users) - len(refused)},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Du får inte återställa: %(names)s.") % {"names": ", ".join(sorted(refused))},
                messages.ERROR,
            )

    def get_autocomplete_fields(self, request):
        # The autocomplete endpoint asks the user admin for view permission, which a local administrator lacks.
        user_admin = self.admin_site._registry.get(get_user_model())
        if user_admin is not None and user_admin.has_view_permission(request):
            return super().get_autocomplete_fields(request)
        return ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["form_class"] = UserChoiceField
            ids = self.administered_principal_ids(request)
            if ids is not None:
                # The principal's own staff, and accounts not yet placed in any unit.
                kwargs["queryset"] = (
                    get_user_model()
                    .objects.filter(is_superuser=False)
                    .filter(Q(memberships__unit__principal_id__in=ids) | Q(memberships__isnull=True))
                    .distinct()
                    .order_by("last_name", "first_name", "username")
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ContactRoute)
class ContactRouteAdmin(ScopedModelAdmin):
    scope_lookup = "unit__principal_id"
    local_admin_actions = frozenset({VIEW, ADD, CHANGE})
    list_display = ("unit", "label", "email", "phone", "phone_hours", "contact_person")
    list_filter = (("unit__principal", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("unit", "unit__principal")
    search_fields = ("unit__name", "label", "email", "phone", "contact_person")
