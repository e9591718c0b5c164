"""Regimens from data/dosing_regimens.csv."""

import pytest

from naltrexone.regimens import day_label, schedule, skip_day


def test_daily_dosing_is_one_dose_a_day_at_the_dosing_hour():
    doses = schedule("daily-50", weeks=2)
    assert len(doses) == 14
    assert [d.time_h for d in doses[:2]] == [9.0, 33.0]
    assert {d.form for d in doses} == {"hydrochloride"}


def test_mon_wed_fri_gives_three_fifty_a_week():
    doses = schedule("mon-wed-fri", weeks=4)
    assert len(doses) == 12 and sum(d.amount_mg for d in doses) == 4 * 350
    assert [d.time_h // 24 for d in doses[:3]] == [0, 2, 4]


def test_review_induction_is_fixed_and_can_be_followed_by_maintenance():
    induction = schedule("review-induction")
    assert [d.amount_mg for d in induction[:5]] == [25, 25, 50, 50, 100]
    assert max(d.time_h for d in induction) < 21 * 24
    then = schedule("mon-wed-fri", weeks=2, start_week=4)
    assert min(d.time_h for d in then) == 21 * 24 + 9


def test_injection_every_four_weeks_is_the_base():
    doses = schedule("xr-380", weeks=12)
    assert len(doses) == 3 and {d.route for d in doses} == {"im_xr"} and {d.form for d in doses} == {"base"}
    assert doses[1].time_h - doses[0].time_h == 28 * 24


def test_skipping_a_day():
    doses = schedule("daily-50", weeks=1)
    assert len(skip_day(doses, 3)) == 6
    with pytest.raises(ValueError, match="there is no dose on day 10"):
        skip_day(doses, 10)


def test_day_labels():
    assert day_label(0) == "Mon wk 1" and day_label(9) == "Wed wk 2"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: schedule("weekly-350", weeks=1), "no regimen named 'weekly-350'"),
        (lambda: schedule("daily-50"), "regimen 'daily-50' repeats; give a whole number of weeks"),
        (lambda: schedule("review-induction", weeks=3), "is a fixed schedule; leave weeks unset"),
        (lambda: schedule("daily-50", weeks=1, start_week=0), "start_week: expected a week number"),
        (lambda: schedule("daily-50", weeks=1, dosing_hour=25), "dosing_hour"),
    ],
)
def test_bad_requests_fail_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_builds_evenly_spaced_doses():
    from naltrexone.regimens import every

    doses = every(48, 100, weeks=2)
    assert [d.time_h for d in doses] == [9 + 48 * k for k in range(7)]
    assert {d.amount_mg for d in doses} == {100.0}
    with pytest.raises(ValueError, match="interval_h: expected a positive number"):
        every(0, 50, weeks=1)
    with pytest.raises(ValueError, match="weeks: expected a whole number"):
        every(24, 50, weeks=0)


def test_weekly_gives_each_weekday_its_own_dose():
    from naltrexone.regimens import weekly

    doses = weekly({"Mon": 100, "Wed": 100, "Fri": 150}, weeks=2)
    assert [(d.time_h // 24, d.amount_mg) for d in doses] == [
        (0, 100.0),
        (2, 100.0),
        (4, 150.0),
        (7, 100.0),
        (9, 100.0),
        (11, 150.0),
    ]
    assert {d.time_h % 24 for d in doses} == {9.0} and {d.route for d in doses} == {"oral"}


def test_weekly_matches_the_review_s_schedule_in_the_data():
    from naltrexone.regimens import weekly

    ours = weekly({"Mon": 100, "Wed": 100, "Fri": 150}, weeks=4, start_week=2)
    table = schedule("mon-wed-fri", weeks=4, start_week=2)
    assert [(d.time_h, d.amount_mg, d.route) for d in ours] == [(d.time_h, d.amount_mg, d.route) for d in table]


@pytest.mark.parametrize(
    "doses, kwargs, message",
    [
        ({}, {"weeks": 1}, "doses_mg: expected a mapping of weekday to dose"),
        ([("Mon", 50)], {"weeks": 1}, "doses_mg: expected a mapping"),
        ({"Monday": 50}, {"weeks": 1}, "'Monday' is not a weekday; use one of Mon, Tue"),
        ({"Mon": 0}, {"weeks": 1}, r"doses_mg\['Mon'\]: expected a positive number of mg, got 0"),
        ({"Fri": "150"}, {"weeks": 1}, r"doses_mg\['Fri'\]: expected a positive number"),
        ({"Fri": float("nan")}, {"weeks": 1}, r"doses_mg\['Fri'\]"),
        ({"Mon": 50}, {"weeks": 0}, "weeks: expected a whole number of weeks >= 1, got 0"),
        ({"Mon": 50}, {"weeks": 1, "start_week": 0}, "start_week: expected a week number from 1"),
        ({"Mon": 50}, {"weeks": 1, "dosing_hour": 24}, "dosing_hour: expected an hour of the day"),
    ],
)
def test_weekly_refuses_bad_input_clearly(doses, kwargs, message):
    from naltrexone.regimens import weekly

    with pytest.raises(ValueError, match=message):
        weekly(doses, **kwargs)
