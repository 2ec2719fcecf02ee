import datetime as dt

from django.test import override_settings

from phaodai.core import clock


def test_a_deployment_pins_today_with_a_setting():
    with override_settings(PHAODAI_TODAY="2021-11-20"):
        assert clock.today() == dt.date(2021, 11, 20)
        assert clock.now().tzinfo is not None


def test_a_block_can_be_pinned_and_the_pin_is_released():
    before = clock.today()
    with clock.pinned(dt.date(2021, 8, 18)):
        assert clock.today() == dt.date(2021, 8, 18)
    assert clock.today() == before
