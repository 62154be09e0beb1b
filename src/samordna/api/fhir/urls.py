from django.urls import path

from samordna.api.fhir import views

app_name = "fhir"

urlpatterns = [
    path("Patient/<int:pk>", views.patient, name="patient"),
    path("CarePlan", views.care_plan_search, name="careplan_search"),
    path("CarePlan/<int:pk>", views.care_plan, name="careplan"),
    path("CarePlan/<int:pk>/$bundle", views.care_plan_bundle, name="careplan_bundle"),
    path("Goal/<int:pk>", views.goal, name="goal"),
    path("CareTeam/<int:pk>", views.care_team, name="careteam"),
    path("Consent/<int:pk>", views.consent, name="consent"),
    path("Appointment/<int:pk>", views.appointment, name="appointment"),
    path("Communication/<int:pk>", views.communication, name="communication"),
    path("Organization/<int:pk>", views.organization, name="organization"),
]
