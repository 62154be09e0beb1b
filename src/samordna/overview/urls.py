from django.urls import path

from samordna.overview import views

app_name = "overview"
urlpatterns = [
    path("", views.home, name="home"),
    path("inkorg/", views.unit_inbox, name="inbox"),
    path("inkorg/tilldela/<int:actor_pk>/", views.assign, name="assign"),
    path("reservrutin/", views.downtime, name="downtime"),
]
