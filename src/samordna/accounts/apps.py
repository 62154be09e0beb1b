from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samordna.accounts"
    label = "accounts"
    verbose_name = _("Konton")

    def ready(self) -> None:
        from samordna.accounts import signals  # noqa: F401  (records the login time in the session)
