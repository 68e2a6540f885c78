from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from education.sitemaps import PageSitemap, StaticViewSitemap
from welltopia import views

sitemaps = {"static": StaticViewSitemap, "pages": PageSitemap}

urlpatterns = [
    path("", include("education.urls")),
    path("consultation/", include("intake.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]

handler403 = "welltopia.views.permission_denied"
handler500 = "welltopia.views.server_error"
