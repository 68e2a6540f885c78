from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.hub, name="hub"),
    # Before the page pattern: "glossary" is a reserved slug (education.models.RESERVED_SLUGS).
    path("learn/glossary/", views.glossary_page, name="glossary"),
    path("learn/<slug:slug>/", views.page, name="page"),
    path("privacy/", views.privacy, name="privacy"),
]
