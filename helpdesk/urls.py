from django.urls import path

from helpdesk.views import portal

app_name = "helpdesk"
urlpatterns = [
    path("", portal.portal, name="portal"),
    path("demandes/nouvelle/", portal.request_new, name="request_new"),
]
