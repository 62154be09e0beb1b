from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "samordna.organizations"
    label = "organizations"
    verbose_name = _("Organisationer")

    def ready(self) -> None:
        from samordna.organizations import session_roles  # noqa: F401  (connects the login receiver)
