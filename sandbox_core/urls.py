from django.urls import path

from sandbox_core import api, views, views_home

app_name = "sandbox"

urlpatterns = [
    # The core's home page: its companies, and the demo's clock control.
    path("", views_home.home, name="home"),
    path("horloge/", views_home.clock_move, name="clock_move"),
    # The reset journey and the administrator's pages (French URLs, seen by users).
    path("reinitialisation/<str:token>/", views.reset_open, name="reset_open"),
    path("reinitialisation/", views.reset_triplet, name="reset_triplet"),
    path("mot-de-passe/", views.reset_password, name="reset_password"),
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("menu/", views.menu, name="menu"),
    # The contract API (docs/core-openapi.yaml).
    path("api/v1/establishments/<str:siret>", api.establishment_detail, name="api_establishment"),
    path(
        "api/v1/establishments/<str:siret>/actors",
        api.establishment_actors,
        name="api_establishment_actors",
    ),
    path("api/v1/companies/<str:siren>", api.company_detail, name="api_company"),
    path(
        "api/v1/administrator-removals",
        api.administrator_removals,
        name="api_administrator_removals",
    ),
    path("api/v1/reset-links", api.reset_links, name="api_reset_links"),
    path("api/v1/reset-links/<str:link_id>", api.reset_link_detail, name="api_reset_link"),
    path(
        "api/v1/enrolment-cancellations",
        api.enrolment_cancellations,
        name="api_enrolment_cancellations",
    ),
]
