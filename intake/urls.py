from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.request_consultation, name="request"),
    path("received/", views.received, name="received"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
