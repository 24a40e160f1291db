from django.urls import path, register_converter

from . import views


class _Format:
    regex = "png|svg"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(_Format, "chartformat")

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("by/<str:by>/", views.breakdown, name="breakdown"),
    path("timeline/", views.timeline, name="timeline"),
    path("estimates/", views.estimates, name="estimates"),
    path("map/", views.map_page, name="map"),
    path("map/points.json", views.map_points, name="map_points"),
    path("map/areas.json", views.map_areas, name="map_areas"),
    path("map/boundaries/<int:level>.geojson", views.boundaries, name="boundaries"),
    path("charts/<str:kind>.<chartformat:fmt>", views.chart, name="chart"),
]
