from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "samordna.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        from samordna.deadlines import signals

        signals.connect()
