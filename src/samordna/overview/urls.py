from django.urls import path

from samordna.overview import views

app_name = "overview"
urlpatterns = [path("", views.home, name="home")]
