from django.urls import path

from samordna.accounts import views

app_name = "accounts"
urlpatterns = [
    path("tvastegsverifiering/", views.second_factor_verify, name="second_factor_verify"),
    path("tvastegsverifiering/aktivera/", views.second_factor_enrol, name="second_factor_enrol"),
]
