from helpdesk.models.attachments import Attachment
from helpdesk.models.audit import AuditEvent, TransitionLog
from helpdesk.models.messages import Message
from helpdesk.models.requests import Request, RequestCounter

__all__ = ["Attachment", "AuditEvent", "Message", "Request", "RequestCounter", "TransitionLog"]
