from django.urls import path

from kb import views

urlpatterns = [
    path("", views.home, name="home"),
]
