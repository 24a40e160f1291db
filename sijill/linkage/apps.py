from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "sijill.linkage"
