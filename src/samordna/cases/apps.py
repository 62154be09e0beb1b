from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samordna.cases"
    label = "cases"
    verbose_name = _("Samordningsärenden")

    def ready(self) -> None:
        from samordna.audit.services import register_actor_unit_columns
        from samordna.cases.audit_actor import audit_unit_columns

        register_actor_unit_columns(audit_unit_columns)
