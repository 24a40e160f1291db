from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "sijill.intake"
