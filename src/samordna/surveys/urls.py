from django.urls import path

from samordna.surveys import views

# The answering pages, mounted at /sip-kollen/ (samordna.surveys.logging keeps that prefix out of the logs).
app_name = "surveys"
urlpatterns = [
    path("", views.survey_start, name="start"),
    path("lattlast/", views.survey_start, {"easy": True}, name="start_easy"),
    path("k/<str:code>/", views.survey_link, name="link"),
    path("k/<str:code>/lattlast/", views.survey_link, {"easy": True}, name="link_easy"),
]

# The staff page that makes the codes, mounted under the meeting.
meeting_urlpatterns = [
    path("<int:pk>/sip-kollen/", views.survey_codes, name="codes"),
]
