"""Dates with precision: a day, a month, a year, or a range, stored as a start and end day."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST = date(1900, 1, 1)


def period(precision: str, start: date | None, end: date | None) -> tuple[date, date]:
    """The (start, end) days an incident date covers, given how precisely it is known.

    day: the start day (end must be empty or the same day); month: the whole month of start;
    year: the whole year of start; range: start to end, end required and not before start.
    Raises ValidationError naming the field at fault.
    """
    if start is None:
        raise ValidationError({"start_date": _("A start date is required.")})
    today = date.today()
    if start < EARLIEST or start > today:
        raise ValidationError({"start_date": _("The date %(date)s is not plausible: it must be between 1900 and today.") % {"date": start.isoformat()}})
    if precision == "day":
        if end is not None and end != start:
            raise ValidationError({"end_date": _("With day precision the end date must be empty or equal to the start date; choose 'range' for several days.")})
        return start, start
    if precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return start.replace(day=1), start.replace(day=last)
    if precision == "year":
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    if precision == "range":
        if end is None:
            raise ValidationError({"end_date": _("A range needs an end date.")})
        if end < start:
            raise ValidationError({"end_date": _("The end date %(end)s is before the start date %(start)s.") % {"end": end.isoformat(), "start": start.isoformat()}})
        if end > today:
            raise ValidationError({"end_date": _("The end date %(date)s is in the future.") % {"date": end.isoformat()}})
        return start, end
    raise ValidationError({"date_precision": _("Unknown date precision %(value)r: use day, month, year or range.") % {"value": precision}})
