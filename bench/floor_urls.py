"""The floor's only page (see bench.floor_settings)."""

from django.http import HttpResponse
from django.urls import path

FLOOR_PATH = "/hello/"


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", hello)]
