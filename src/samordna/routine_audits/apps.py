from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutineAuditsConfig(AppConfig):
    name = "samordna.routine_audits"
    label = "routine_audits"
    verbose_name = _("Rutinkollen")
