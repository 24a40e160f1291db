from django.apps import AppConfig


class EstimationConfig(AppConfig):
    name = "sijill.estimation"
