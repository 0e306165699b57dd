from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from users import token_views, views
from users.forms import PasswordResetForm

app_name = "users"
urlpatterns = [
    path("inscription/", views.register, name="register"),
    path("inscription/envoyee/", views.register_done, name="register_done"),
    path("verification/", views.verification_required, name="verification_required"),
    path("verification/renvoyer/", views.resend_verification, name="resend_verification"),
    path("verification/<str:token>/", views.verify_email, name="verify_email"),
    path("profil/", views.profile, name="profile"),
    path("profil/jetons/", token_views.api_token_new, name="api_token_new"),
    path(
        "profil/jetons/<str:prefix>/revoquer/",
        token_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("profil/adresse/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path(
        "connexion/",
        views.LoginView.as_view(),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("users:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/reinitialiser/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("users:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/reinitialise/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/modifier/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("users:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
