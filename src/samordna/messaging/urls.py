from django.urls import path

from samordna.messaging import views

# Mounted under /arenden/<case_pk>/meddelanden/ by samordna.config.urls.
app_name = "messaging"
urlpatterns = [
    path("", views.thread_list, name="list"),
    path("ny/", views.thread_start, name="start"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/bilagor/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
