from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samordna.audit"
    label = "audit"
    verbose_name = _("Loggning")

    def ready(self) -> None:
        from samordna.audit import signals  # noqa: F401  (connects the login and lockout receivers)
