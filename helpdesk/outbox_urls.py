from django.urls import path

from helpdesk.views import outbox as views

app_name = "outbox"
urlpatterns = [
    path("", views.failed_list, name="failed"),
    path("<int:effect_id>/relancer/", views.retry, name="retry"),
]
