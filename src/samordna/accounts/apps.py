from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samordna.accounts"
    label = "accounts"
    verbose_name = _("Konton")

    def ready(self) -> None:
        from samordna.accounts import checks, signals  # noqa: F401  (login time in the session; deploy checks)
