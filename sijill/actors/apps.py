from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "sijill.actors"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the resolver cache to saves)
