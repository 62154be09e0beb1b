from django.urls import path

from samordna.logreview import views

app_name = "logreview"
urlpatterns = [
    path("loggkontroll/", views.log_search_page, name="search"),
    path("loggkontroll/export.csv", views.log_search_export, name="export"),
    path("personer/<int:pk>/loggutdrag/", views.person_log_extract_page, name="person_extract"),
]
