from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "samordna.overview"
    label = "overview"
