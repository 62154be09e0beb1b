from django.urls import path

from samordna.plans import views

# Mounted under arenden/<case_pk>/plan/ by samordna.config.urls.
app_name = "plans"
version_prefix = "version/<int:version_pk>/"
intervention_prefix = version_prefix + "insatser/<int:intervention_pk>/"
urlpatterns = [
    path("", views.plan_detail, name="detail"),
    path("ny/", views.version_create, name="create"),
    path("ny-version/", views.revise, name="revise"),
    path("historik/", views.history, name="history"),
    path("jamfor/", views.compare, name="compare"),
    path("handelser/ny/", views.event_report, name="event_report"),
    path("handelser/<int:event_pk>/beslut/", views.event_decide, name="event_decide"),
    path("avsluta/", views.close, name="close"),
    path(version_prefix, views.version_detail, name="version"),
    path(version_prefix + "andra/", views.version_edit, name="edit"),
    path(version_prefix + "huvudansvarig/", views.lead_set, name="lead"),
    path(version_prefix + "mal/ny/", views.goal_add, name="goal_add"),
    path(version_prefix + "mal/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path(version_prefix + "mal/<int:goal_pk>/ta-bort/", views.goal_remove, name="goal_remove"),
    path(version_prefix + "insatser/ny/", views.intervention_add, name="intervention_add"),
    path(intervention_prefix, views.intervention_edit, name="intervention_edit"),
    path(intervention_prefix + "ta-bort/", views.intervention_remove, name="intervention_remove"),
    path(intervention_prefix + "status/", views.intervention_status, name="intervention_status"),
    path(version_prefix + "kontaktpersoner/ny/", views.contact_set, name="contact_set"),
    path(version_prefix + "kontaktpersoner/<int:contact_pk>/ta-bort/", views.contact_remove, name="contact_remove"),
    path(version_prefix + "godkann/", views.approve, name="approve"),
    path(version_prefix + "godkann-pa-papper/", views.approve_on_paper, name="approve_on_paper"),
    path(version_prefix + "enskildes-godkannande/", views.individual_agreement, name="agreement"),
    path(version_prefix + "pdf/", views.pdf, name="pdf"),
    path(version_prefix + "pdf/narstaende/<int:related_pk>/", views.pdf_relative, name="pdf_relative"),
]
