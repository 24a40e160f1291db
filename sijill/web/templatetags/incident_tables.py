from django import template

from sijill.web.rows import incident_rows

register = template.Library()


@register.filter(name="incident_rows")
def incident_rows_filter(incidents):
    """`{% for row in incidents|incident_rows %}`: plain rows for an incident table."""
    return incident_rows(incidents)
