from django.urls import path

from helpdesk.api import views

app_name = "api"
urlpatterns = [
    path("requests/", views.RequestListApi.as_view(), name="request_list"),
    path("requests/take-next/", views.RequestTakeNextApi.as_view(), name="request_take_next"),
    path("requests/<str:number>/", views.RequestDetailApi.as_view(), name="request_detail"),
    path(
        "requests/<str:number>/transitions/<str:name>/",
        views.RequestTransitionApi.as_view(),
        name="request_transition",
    ),
    path(
        "requests/<str:number>/messages/",
        views.RequestMessagesApi.as_view(),
        name="request_messages",
    ),
]
