from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samordna.accounts import oidc_views
from samordna.api.rest.api import api as rest_api
from samordna.cases.urls import urlpatterns as case_step_urls
from samordna.meetings.withdrawal_views import consent_withdraw
from samordna.overview.views import case_detail
from samordna.surveys.urls import meeting_urlpatterns as survey_meeting_urls

case_urls = [
    path("<int:pk>/", case_detail, name="detail"),
    path("<int:pk>/samtycke/<int:consent_pk>/aterkalla/", consent_withdraw, name="consent_withdraw"),
    *case_step_urls,
]

urlpatterns = [
    path("", include("samordna.overview.urls")),
    path("personer/", include("samordna.people.urls")),
    path("", include("samordna.logreview.urls")),
    path("lan/", include("samordna.organizations.county_urls")),
    path("arenden/", include((case_urls, "cases"))),
    path("arenden/<int:case_pk>/moten/", include("samordna.meetings.urls")),
    path("arenden/<int:case_pk>/plan/", include("samordna.plans.urls")),
    path("avvikelser/", include("samordna.deviations.urls")),
    path("rutinkollen/", include("samordna.routine_audits.urls")),
    path("arenden/<int:case_pk>/meddelanden/", include("samordna.messaging.urls")),
    path("arenden/<int:case_pk>/moten/", include((survey_meeting_urls, "survey_codes"))),
    path("sip-kollen/", include("samordna.surveys.urls")),
    path("statistik/", include("samordna.statistics.urls")),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", oidc_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("samordna.accounts.urls")),
    path("notiser/", include("samordna.notifications.urls")),
    path("tjanster/", include("samordna.api.urls")),
    path("fhir/R4B/", include("samordna.api.fhir.urls")),
    path("api/v1/", rest_api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
