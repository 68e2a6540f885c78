from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from education.sitemaps import PageSitemap, StaticViewSitemap
from welltopia import views

sitemaps = {"static": StaticViewSitemap, "pages": PageSitemap}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # The language switcher posts here: it sets the language cookie and goes to the same page
    # in the chosen language.
    path("language/", set_language, name="set_language"),
    # Everything a patient sees: English at today's addresses, Spanish under /es/ (same slugs).
    *i18n_patterns(
        path("", include("education.urls")),
        path("consultation/", include("intake.urls")),
        prefix_default_language=False,
    ),
]

handler403 = "welltopia.views.permission_denied"
handler404 = "welltopia.views.page_not_found"
handler500 = "welltopia.views.server_error"
