from django.urls import path

from samordna.routine_audits import views

app_name = "routine_audits"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("ny/", views.audit_create, name="create"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/arenden/<int:audited_pk>/", views.audited_case_review, name="review"),
    path("<int:pk>/slutfor/", views.audit_complete, name="complete"),
]
