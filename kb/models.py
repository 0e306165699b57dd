"""Knowledge base: categories, articles, news items, feedback and the search log.

Models hold fields and constraints only; writes go through kb.services, reads through
kb.selectors and kb.search.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A rubric of the knowledge base, browsed "par profil" or "par thème"."""

    class Profile(models.TextChoices):
        ALL = "all", _("Tous les profils")
        EMPLOYER = "employer", _("Employeur / administrateur")
        LIQUIDATOR = "liquidator", _("Liquidateur judiciaire")
        ACCOUNTANT = "accountant", _("Expert-comptable / tiers déclarant")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    profile = models.CharField(
        _("profil"), max_length=20, choices=Profile.choices, default=Profile.ALL
    )
    theme = models.CharField(_("thème"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("category", kwargs={"slug": self.slug})


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")

    slug = models.SlugField(_("identifiant"), max_length=160, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body_markdown = models.TextField(_("contenu (Markdown)"))
    # Derived by kb.services from body_markdown: sanitised HTML and plain text for the index.
    body_html = models.TextField(_("contenu (HTML nettoyé)"), editable=False, default="")
    body_text = models.TextField(_("contenu (texte)"), editable=False, default="")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("catégorie")
    )
    keywords = models.CharField(
        _("mots-clés"), max_length=300, blank=True, help_text=_("Séparés par des virgules.")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"], name="kb_article_pub_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="kb_article_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class NewsItem(models.Model):
    """An "Actualités" entry on the home page."""

    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("article lié"),
    )
    published_at = models.DateTimeField(_("publié le"), default=timezone.now)
    is_visible = models.BooleanField(_("visible"), default=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def __str__(self) -> str:
        return self.title


class ArticleFeedback(models.Model):
    """An answer to "Cette réponse vous a-t-elle aidé ?": one per visitor and article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("utile"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=1000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    visitor_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avis sur un article")
        verbose_name_plural = _("avis sur les articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor_key"], name="kb_feedback_one_per_visitor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'oui' if self.helpful else 'non'}"


class SearchLog(models.Model):
    """One search, for the supervisor's deflection figure (searches ended without a request)."""

    QUERY_MAX_LENGTH = 200

    query = models.CharField(_("recherche"), max_length=QUERY_MAX_LENGTH)
    normalised_query = models.CharField(_("recherche normalisée"), max_length=QUERY_MAX_LENGTH)
    results_count = models.PositiveIntegerField(_("résultats"))
    is_shortcut = models.BooleanField(_("raccourci"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # A random key kept in the visitor's session; it survives the login (unlike the session key).
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    followed_by_request = models.BooleanField(_("suivie d'une demande"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recherche")
        verbose_name_plural = _("journal des recherches")

    def __str__(self) -> str:
        return self.query
