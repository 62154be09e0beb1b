from django.urls import path

from samordna.people import views

app_name = "people"
urlpatterns = [
    path("sok/", views.person_search, name="search"),
    path("ny/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/vardnadshavare/ny/", views.circle_add, {"kind": "guardian"}, name="guardian_add"),
    path("<int:pk>/foretradare/ny/", views.circle_add, {"kind": "representative"}, name="representative_add"),
    path("<int:pk>/narstaende/ny/", views.circle_add, {"kind": "related"}, name="related_add"),
]
