from django.urls import path

from samordna.cases import views

# The case page itself (name "detail") reads across the process and the withdrawal of consent
# ("consent_withdraw") cancels meetings: samordna.config.urls adds both to this namespace from the apps above.
app_name = "cases"
urlpatterns = [
    path("ny/", views.case_start, name="start"),
    path("pappersunderlag.pdf", views.paper_kit, name="paper_kit"),
    path("<int:pk>/skyddad-identitet/", views.protected_identity, name="protected_identity"),
    path(
        "<int:pk>/skyddad-identitet/<int:viewer_pk>/aterkalla/",
        views.protected_identity_revoke,
        name="protected_identity_revoke",
    ),
    path("<int:pk>/bedomning/", views.assessment_record, name="assessment"),
    path("<int:pk>/samtycke/nytt/", views.consent_record, name="consent_record"),
    path("<int:pk>/samtycke/<int:consent_pk>/blankett/", views.consent_scan, name="consent_scan"),
    path("<int:pk>/aktorer/ny/", views.actor_add, name="actor_add"),
    path("<int:pk>/aktorer/<int:actor_pk>/lamna/", views.actor_leave, name="actor_leave"),
    path("<int:pk>/forberedelse/", views.preparation_edit, name="preparation"),
    path("<int:pk>/avsluta/", views.case_close, name="close"),
]
