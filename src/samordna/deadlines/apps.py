from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "samordna.deadlines"
    label = "deadlines"
