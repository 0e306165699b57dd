from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Log-in is by e-mail address, whatever case the person types it in."""
        return self.get(email=(username or "").strip().lower())

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to the desk: requester, technician or supervisor.

    The e-mail address is the login. Roles are Django groups (see ``users.roles``).
    """

    class Profile(models.TextChoices):
        EMPLOYER = "employer", _("Employeur / administrateur")
        LIQUIDATOR = "liquidator", _("Liquidateur judiciaire")
        ACCOUNTANT = "accountant", _("Tiers déclarant / expert-comptable")
        OTHER = "other", _("Autre")

    email = models.EmailField(_("adresse électronique"), unique=True)
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150)
    profile = models.CharField(_("vous êtes"), max_length=20, choices=Profile.choices, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    email_verified_at = models.DateTimeField(_("adresse vérifiée le"), null=True, blank=True)
    is_staff = models.BooleanField(_("équipe"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            # Stored lower-case, so the unique index is case-insensitive and lookups are exact.
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="users_user_email_lowercase"
            ),
            models.CheckConstraint(
                condition=models.Q(siret="") | models.Q(siret__regex=r"^[0-9]{14}$"),
                name="users_user_siret_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_liquidator(self) -> bool:
        return self.profile == self.Profile.LIQUIDATOR


class EmailChange(models.Model):
    """A requested change of the login address, pending until confirmed from the new address.

    Only a hash of the link's secret is stored; the address in the account changes when the link
    is used (``users.services.user_confirm_email_change``), never before.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_changes", verbose_name=_("compte")
    )
    new_email = models.EmailField(_("nouvelle adresse électronique"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("changement d'adresse")
        verbose_name_plural = _("changements d'adresse")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal API token: it acts as its owner, with his role and nothing more.

    The token is ``gch.<prefix>.<secret>``: the public ``prefix`` finds the row, and only the
    sha256 of the secret is stored, so the token is shown once, at creation, and never again.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("compte")
    )
    name = models.CharField(_("nom"), max_length=80)
    prefix = models.CharField(_("préfixe"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'accès à l'API")
        verbose_name_plural = _("jetons d'accès à l'API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (gch.{self.prefix})"

    def is_active_at(self, moment: Any) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > moment
