from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "sijill.publishing"
