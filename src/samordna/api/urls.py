from django.urls import path

from samordna.api import views
from samordna.api.riv.views import get_care_plans

app_name = "api"

urlpatterns = [
    path("riv/GetCarePlans/2/rivtabp21", get_care_plans, name="riv_get_care_plans"),
    path("nycklar/", views.token_list, name="tokens"),
    path("nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
]
