from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "samordna.common"
    label = "common"
