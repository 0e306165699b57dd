from django.urls import path

from helpdesk.views import (
    approvals,
    backoffice,
    checklist,
    desk,
    desk_export,
    filing,
    liquidator,
    portal,
    presence,
    queues,
    requests,
)

app_name = "helpdesk"
urlpatterns = [
    path("", portal.portal, name="portal"),
    path("demandes/nouvelle/", portal.request_new, name="request_new"),
    path("demandes/nouvelle/<slug:type_key>/", filing.request_form, name="request_form"),
    path("demandes/<str:number>/", requests.request_detail, name="request_detail"),
    path(
        "demandes/<str:number>/actions/<str:name>/",
        requests.request_action,
        name="request_action",
    ),
    path("pieces-jointes/<str:token>/", requests.attachment_file, name="attachment_download"),
    path("pilotage/", desk.desk, name="desk"),
    path("pilotage/attribuer/", desk.desk_assign, name="desk_assign"),
    path("pilotage/export/<slug:figure>.csv", desk_export.desk_export, name="desk_export"),
    path("guichet/", queues.queue_list, name="backoffice_list"),
    path("guichet/files/enregistrer/", queues.queue_save, name="queue_save"),
    path("guichet/files/actions/", queues.queue_bulk, name="queue_bulk"),
    path("guichet/files/<int:pk>/supprimer/", queues.queue_delete, name="queue_delete"),
    path("guichet/suivante/", backoffice.backoffice_take_next, name="backoffice_take_next"),
    path(
        "guichet/demandes/<str:number>/",
        backoffice.backoffice_detail,
        name="backoffice_detail",
    ),
    path(
        "guichet/demandes/<str:number>/actions/<str:name>/",
        backoffice.backoffice_transition,
        name="backoffice_transition",
    ),
    path(
        "guichet/demandes/<str:number>/liquidateur/lever-limite/",
        liquidator.liquidator_lift_cap,
        name="liquidator_lift_cap",
    ),
    path(
        "guichet/demandes/<str:number>/approbation/<str:step>/",
        approvals.backoffice_approval,
        name="backoffice_approval",
    ),
    path(
        "guichet/demandes/<str:number>/presence/",
        presence.backoffice_presence,
        name="backoffice_presence",
    ),
    path(
        "guichet/demandes/<str:number>/verification/",
        checklist.backoffice_checklist,
        name="backoffice_checklist",
    ),
    path(
        "guichet/demandes/<str:number>/messages/",
        backoffice.backoffice_message,
        name="backoffice_message",
    ),
]
