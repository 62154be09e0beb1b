from django.urls import path

from samordna.accounts import oidc_views, views

app_name = "accounts"
urlpatterns = [
    path("tvastegsverifiering/", views.second_factor_verify, name="second_factor_verify"),
    path("tvastegsverifiering/aktivera/", views.second_factor_enrol, name="second_factor_enrol"),
    path("e-legitimation/", oidc_views.oidc_start, name="oidc_start"),
    path("e-legitimation/retur/", oidc_views.oidc_callback, name="oidc_callback"),
]
