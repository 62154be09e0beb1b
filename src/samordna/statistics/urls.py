from django.urls import path

from samordna.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.statistics_page, name="page"),
    path("export.csv", views.statistics_csv, name="csv"),
    path("export.xlsx", views.statistics_xlsx, name="xlsx"),
]
