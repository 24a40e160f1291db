from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    name = "sijill.vocabularies"
