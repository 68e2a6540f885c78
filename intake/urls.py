from django.urls import path

from intake import booking_views, feed_views, views

app_name = "intake"

urlpatterns = [
    path("", views.request_consultation, name="request"),
    path("received/", views.received, name="received"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("status/<str:token>/times/", booking_views.times, name="booking_times"),
    path("status/<str:token>/times/<str:start>/", booking_views.choose, name="booking_choose"),
    path("status/<str:token>/cancel-booking/", booking_views.cancel, name="booking_cancel"),
    path("calendar/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
]
