from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sijill.evidence"
