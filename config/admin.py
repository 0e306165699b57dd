"""The admin app, with Guichet's site (users.admin_site) as ``admin.site``."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "users.admin_site.AdminSite"
