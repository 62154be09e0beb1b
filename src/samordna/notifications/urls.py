from django.urls import path

from samordna.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/las/", views.notification_read, name="read"),
    path("las-alla/", views.notification_read_all, name="read_all"),
    path("installningar/", views.email_settings, name="settings"),
]
