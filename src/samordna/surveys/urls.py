from django.urls import path, register_converter

from samordna.surveys import views


class SurveyCodeConverter:
    """A code from the slip: three groups of four from the code alphabet (no 0, 1, I or O), dashes optional.
    A personnummer always has a 0 or 1 (in its month), so it can never match and reach a URL or a log."""

    regex = "[A-HJ-NP-Za-hj-np-z2-9]{4}-?[A-HJ-NP-Za-hj-np-z2-9]{4}-?[A-HJ-NP-Za-hj-np-z2-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SurveyCodeConverter, "surveycode")

# The answering pages, mounted at /sip-kollen/ (samordna.surveys.logging keeps that prefix out of the logs).
app_name = "surveys"
urlpatterns = [
    path("", views.survey_start, name="start"),
    path("lattlast/", views.survey_start, {"easy": True}, name="start_easy"),
    path("k/<surveycode:code>/", views.survey_link, name="link"),
    path("k/<surveycode:code>/lattlast/", views.survey_link, {"easy": True}, name="link_easy"),
]

# The staff page that makes the codes, mounted under the meeting.
meeting_urlpatterns = [
    path("<int:pk>/sip-kollen/", views.survey_codes, name="codes"),
]
