from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from helpdesk.api import account, docs, figures, index, resources, views

app_name = "api"
urlpatterns = [
    path("", index.ApiIndex.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerDocs.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", docs.RedocDocs.as_view(url_name="api:schema"), name="redoc"),
    path("me/", account.MeApi.as_view(), name="me"),
    path("me/tokens/", account.TokenListApi.as_view(), name="token_list"),
    path("me/tokens/<str:prefix>/", account.TokenDetailApi.as_view(), name="token_detail"),
    path("request-types/", resources.RequestTypeListApi.as_view(), name="request_type_list"),
    path(
        "request-types/<str:key>/",
        resources.RequestTypeDetailApi.as_view(),
        name="request_type_detail",
    ),
    path("documents/<str:token>/", resources.DocumentDownloadApi.as_view(), name="document"),
    path("kb/search/", resources.ArticleSearchApi.as_view(), name="kb_search"),
    path("kb/articles/<str:slug>/", resources.ArticleApi.as_view(), name="kb_article"),
    path("figures/", figures.FiguresApi.as_view(), name="figures"),
    path("requests/", views.RequestListApi.as_view(), name="request_list"),
    path("requests/take-next/", views.RequestTakeNextApi.as_view(), name="request_take_next"),
    path("requests/<str:number>/", views.RequestDetailApi.as_view(), name="request_detail"),
    path(
        "requests/<str:number>/transitions/",
        views.RequestTransitionsApi.as_view(),
        name="request_transitions",
    ),
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
    # Last: any other address under /api/v1/ is a 404 in the error shape.
    re_path(r"^.*$", index.NotFoundApi.as_view(), name="not_found"),
]
