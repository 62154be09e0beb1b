from django.urls import path

from samordna.deviations import views

app_name = "deviations"
urlpatterns = [
    path("", views.deviation_list, name="list"),
    path("ny/", views.deviation_report, name="report"),
    path("<int:pk>/", views.deviation_detail, name="detail"),
    path("<int:pk>/ta-emot/", views.deviation_receive, name="receive"),
    path("<int:pk>/hantera/", views.deviation_start_resolving, name="start_resolving"),
    path("<int:pk>/kommentar/", views.deviation_comment, name="comment"),
    path("<int:pk>/svara/", views.deviation_answer, name="answer"),
    path("<int:pk>/avsluta/", views.deviation_close, name="close"),
    path("tvister/ny/", views.dispute_open, name="dispute_open"),
    path("tvister/<int:dispute_pk>/", views.dispute_detail, name="dispute_detail"),
    path("tvister/<int:dispute_pk>/eskalera/", views.dispute_escalate, name="dispute_escalate"),
    path("tvister/<int:dispute_pk>/ansvarsfordelning/", views.dispute_interim, name="dispute_interim"),
    path("tvister/<int:dispute_pk>/utfall/", views.dispute_resolve, name="dispute_resolve"),
]
