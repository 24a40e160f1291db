from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sijill.accounts"
    verbose_name = "Accounts"
