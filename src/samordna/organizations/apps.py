from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "samordna.organizations"
    label = "organizations"
    verbose_name = _("Organisationer")

    def ready(self) -> None:
        from samordna.audit.services import register_actor_unit_columns
        from samordna.organizations import session_roles  # noqa: F401  (connects the login receiver)
        from samordna.organizations.audit_actor import actor_unit_columns

        register_actor_unit_columns(actor_unit_columns)
