from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sijill.people"
