from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.hub, name="hub"),
    path("learn/<slug:slug>/", views.page, name="page"),
    path("privacy/", views.privacy, name="privacy"),
]
