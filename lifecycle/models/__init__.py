from lifecycle.models.approvals import ExecutionApproval
from lifecycle.models.attachments import Attachment
from lifecycle.models.audit import AuditEvent, TransitionLog
from lifecycle.models.canned import CannedAnswer
from lifecycle.models.checklist import DocumentCheck
from lifecycle.models.figures import DailyDuration, DailyFigures, FiguresDay, MonthlyDuration
from lifecycle.models.messages import Message
from lifecycle.models.queues import SavedQueue
from lifecycle.models.reasons import NonComplianceReason
from lifecycle.models.requests import Request, RequestCounter
from lifecycle.models.themes import Theme

__all__ = [
    "Attachment",
    "AuditEvent",
    "CannedAnswer",
    "DailyDuration",
    "DailyFigures",
    "DocumentCheck",
    "ExecutionApproval",
    "FiguresDay",
    "Message",
    "MonthlyDuration",
    "NonComplianceReason",
    "Request",
    "RequestCounter",
    "SavedQueue",
    "Theme",
    "TransitionLog",
]
