"""Fixtures of the drafts tests."""

import pytest

from sijill.confidentiality import Confidentiality

AR_REPORT = (
    "قصفت طائرات التحالف الدولي مساء السبت قرية في ريف دير الزور الشرقي، ما أدى إلى مقتل ٧ مدنيين بينهم "
    "ثلاثة أطفال. وقال ناشطون إن الشهيد محمد أحمد العلي من بين الضحايا. واتهمت قسد تنظيم داعش."
)


@pytest.fixture
def viewer(make_user):
    return make_user("viewer", Confidentiality.RESTRICTED)


@pytest.fixture
def logged_in(client, no_2fa, analyst):
    client.force_login(analyst)
    return client
