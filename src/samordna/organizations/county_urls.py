from django.urls import path

from samordna.organizations import county_views

app_name = "county"
urlpatterns = [
    path("rutinprofiler/", county_views.routine_profile_list, name="profiles"),
    path("rutinprofiler/<int:pk>/", county_views.routine_profile_detail, name="profile_detail"),
    path("kontaktvagar/", county_views.contact_directory, name="contacts"),
]
