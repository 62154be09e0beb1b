from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts import services
from samordna.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Samordna", {"fields": ("title", "phone")}),
        (_("Inloggning med e-legitimation"), {"fields": ("hsa_id", "personal_identity_number")}),
    )
    list_display = (*DjangoUserAdmin.list_display, "has_second_factor")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor=Exists(confirmed))

    @admin.display(description=_("tvåstegsverifiering"), boolean=True, ordering="second_factor")
    def has_second_factor(self, obj) -> bool:
        return obj.second_factor

    @admin.action(description=_("Återställ tvåstegsverifiering (ny telefon, förlorade koder)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        done, refused = 0, 0
        for user in queryset:
            try:
                services.second_factor_reset(user=user, by=request.user)
            except PermissionDenied:
                refused += 1
            else:
                done += 1
        if done:
            message = ngettext(
                "Tvåstegsverifieringen återställdes för %(count)d användare, som aktiverar den på nytt vid nästa "
                "inloggning.",
                "Tvåstegsverifieringen återställdes för %(count)d användare, som aktiverar den på nytt vid nästa "
                "inloggning.",
                done,
            )
            self.message_user(request, message % {"count": done}, messages.SUCCESS)
        if refused:
            message = gettext(
                "%(count)d användare hoppades över: bara en superanvändare kan återställa en superanvändares "
                "tvåstegsverifiering."
            )
            self.message_user(request, message % {"count": refused}, messages.WARNING)
