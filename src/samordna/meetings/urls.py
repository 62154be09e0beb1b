from django.urls import path

from samordna.meetings import views

# Mounted under /arenden/<case_pk>/moten/ by samordna.config.urls.
app_name = "meetings"
urlpatterns = [
    path("ny/", views.meeting_propose, name="propose"),
    path("i-efterhand/", views.meeting_enter_afterwards, name="enter_afterwards"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/andra/", views.meeting_edit, name="edit"),
    path("<int:pk>/skicka/", views.meeting_send, name="send"),
    path("<int:pk>/flytta/", views.meeting_move, name="move"),
    path("<int:pk>/stall-in/", views.meeting_withdraw, name="withdraw"),
    path("<int:pk>/enheter/ny/", views.unit_add, name="unit_add"),
    path("<int:pk>/enheter/<int:invitation_pk>/ta-bort/", views.unit_remove, name="unit_remove"),
    path("<int:pk>/deltagare/ny/", views.participant_add, name="participant_add"),
    path("<int:pk>/deltagare/<int:participant_pk>/ta-bort/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/kallelser/<int:invitation_pk>/svara/", views.invitation_answer, name="answer"),
    path("<int:pk>/dokumentera/", views.meeting_record, name="record"),
    path("<int:pk>/kalender.ics", views.meeting_calendar, name="ics"),
    path("<int:pk>/kallelse.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/deltagare/<int:participant_pk>/kallelse.pdf", views.invitation_pdf, name="participant_pdf"),
]
