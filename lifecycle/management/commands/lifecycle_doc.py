"""Print (or write into docs/lifecycle.md) the state diagram and the table of transitions,
generated from ``lifecycle.machine.TRANSITIONS``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lifecycle.machine import PUBLIC_STATUS, TRANSITIONS, State

BEGIN = "<!-- BEGIN GENERATED: manage.py lifecycle_doc --write -->"
END = "<!-- END GENERATED -->"
DOC = Path("docs/lifecycle.md")


def render() -> str:
    lines = [BEGIN, "", "```mermaid", "stateDiagram-v2"]
    lines.append(f"    [*] --> {State.SUBMITTED.value}: file")
    for spec in TRANSITIONS.values():
        for source, target in spec.edges:
            lines.append(f"    {source.value} --> {target.value}: {spec.name}")
    lines.append(f"    {State.CLOSED.value} --> [*]")
    lines += ["```", ""]
    lines += [
        "| state | label | public status (requester) |",
        "|---|---|---|",
    ]
    for state in State:
        lines.append(f"| `{state.value}` | {state.label} | {PUBLIC_STATUS[state].label} |")
    lines += [
        "",
        "Side effects are outbox rows written in the transition's transaction; the status e-mail"
        " is sent on the edges that change the public status.",
        "",
        "| transition | button | from → to | who | asks for | conditions | side effects |",
        "|---|---|---|---|---|---|---|",
    ]
    for spec in TRANSITIONS.values():
        edges = "<br>".join(f"`{s.value}` → `{t.value}`" for s, t in spec.edges)
        who = ", ".join(sorted(role.value for role in spec.roles))
        if spec.assignee_only:
            who += " (technician: assignee only)"
        needs = ", ".join(sorted(n.value for n in spec.needs)) or "—"
        conditions = ", ".join(f"`{c.__name__}`" for c in spec.all_conditions) or "—"
        effects = []
        if any(PUBLIC_STATUS[s] != PUBLIC_STATUS[t] for s, t in spec.edges):
            effects.append("status e-mail")
        if spec.effects:
            effects.append(spec.effects)
        lines.append(
            f"| `{spec.name}` | {spec.label} | {edges} | {who} | {needs} | {conditions} | "
            f"{'; '.join(effects) or '—'} |"
        )
    lines += ["", END]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Generates the lifecycle's state diagram and transition table (Markdown)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help=f"Update {DOC} in place.")

    def handle(self, *args: Any, **options: Any) -> None:
        generated = render()
        if not options["write"]:
            self.stdout.write(generated)
            return
        path = Path(settings.BASE_DIR) / DOC
        text = path.read_text(encoding="utf-8")
        if BEGIN not in text or END not in text:
            raise CommandError(f"{DOC} has no generated section markers")
        head, rest = text.split(BEGIN, 1)
        _old, tail = rest.split(END, 1)
        path.write_text(head + generated + tail, encoding="utf-8")
        self.stdout.write(f"{DOC} updated")
