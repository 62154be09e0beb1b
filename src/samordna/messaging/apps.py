from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "samordna.messaging"
    label = "messaging"
    verbose_name = "Meddelanden"
