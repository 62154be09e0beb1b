"""Reads about plans, shaped so each page costs a fixed number of queries whatever the number of goals and
interventions; and the two views across versions: each section's history and a side-by-side comparison."""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samordna.cases.models import CoordinationCase
from samordna.cases.policies import acting_unit_ids, case_unit_ids, valid_consent
from samordna.meetings.models import Meeting, MeetingKind
from samordna.organizations.models import ContactRoute, Principal, Unit
from samordna.plans.models import (
    ContactPerson,
    Goal,
    Intervention,
    InterventionStatusUpdate,
    Plan,
    PlanEvent,
    PlanStatus,
    PlanVersion,
    PrincipalApproval,
)


def current_version(case: CoordinationCase) -> PlanVersion | None:
    """The plan version in force or being made (draft, partly approved or approved), or None before the plan."""
    return PlanVersion.objects.current().filter(plan__case=case).select_related("lead", "lead_unit").first()


def approved_version(case: CoordinationCase) -> PlanVersion | None:
    """The approved version in force, or None while there is none (before approval, or while a follow-up's
    new version is being approved)."""
    return PlanVersion.objects.filter(plan__case=case, status=PlanStatus.APPROVED).first()


def version_for_meeting(meeting: Meeting) -> PlanVersion | None:
    """The version made at `meeting` (for the "plan documented within N working days" deadline), or None."""
    return PlanVersion.objects.filter(meeting=meeting).first()


def plan_versions(case: CoordinationCase) -> QuerySet[PlanVersion]:
    """Every version of the case's plan, oldest first."""
    return PlanVersion.objects.filter(plan__case=case).select_related("meeting").order_by("number")


def versions_with_content(case: CoordinationCase) -> QuerySet[PlanVersion]:
    """The case's versions with everything the plan page and the PDF show, in a fixed number of queries."""
    return _with_content(PlanVersion.objects.filter(plan__case=case))


def approved_versions_with_content(cases: Iterable[CoordinationCase]) -> QuerySet[PlanVersion]:
    """The approved version of each of `cases` with everything the PDF shows, in the same fixed number of
    queries however many cases (the downtime print)."""
    return _with_content(PlanVersion.objects.filter(plan__case__in=list(cases), status=PlanStatus.APPROVED))


def _with_content(versions: QuerySet[PlanVersion]) -> QuerySet[PlanVersion]:
    return versions.select_related(
        "plan",
        "meeting",
        "lead",
        "lead_unit__principal",
        "replaces__lead",
        "replaces__lead_unit",
        "individual_agreement_recorded_by",
    ).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("position", "id")),
        Prefetch(
            "interventions",
            queryset=Intervention.objects.select_related("unit__principal", "goal").prefetch_related(
                Prefetch("status_updates", queryset=InterventionStatusUpdate.objects.select_related("by", "unit"))
            ),
        ),
        Prefetch(
            "contacts",
            queryset=ContactPerson.objects.select_related("unit__principal", "user").prefetch_related(
                "unit__contact_routes"
            ),
        ),
        Prefetch("approvals", queryset=PrincipalApproval.objects.select_related("principal", "approved_by", "unit")),
    )


@dataclass
class GoalRow:
    goal: Goal
    subgoals: list[Goal] = field(default_factory=list)


def goal_tree(version: PlanVersion) -> list[GoalRow]:
    """Goals with their sub-goals, from the prefetched goals (no query)."""
    goals = list(version.goals.all())
    rows = {goal.pk: GoalRow(goal) for goal in goals if goal.parent_id is None}
    for goal in goals:
        if goal.parent_id is not None and goal.parent_id in rows:
            rows[goal.parent_id].subgoals.append(goal)
    return list(rows.values())


@dataclass
class ApprovalRow:
    principal: Principal
    approval: PrincipalApproval | None


def approval_rows(version: PlanVersion) -> list[ApprovalRow]:
    """Each principal with interventions in the version and its sign-off (None while it has not signed), from
    prefetched data."""
    principals = {i.unit.principal_id: i.unit.principal for i in version.interventions.all()}
    approvals = {approval.principal_id: approval for approval in version.approvals.all()}
    for principal_id, approval in approvals.items():
        principals.setdefault(principal_id, approval.principal)
    return [
        ApprovalRow(principal, approvals.get(principal.pk))
        for principal in sorted(principals.values(), key=lambda p: p.name)
    ]


def principals_user_may_approve(
    user, case: CoordinationCase, version: PlanVersion, *, unit_ids: set[int] | None = None
) -> QuerySet[Principal]:
    """The principals whose part of `version` the user may still sign off: with interventions in it, not yet
    approved, and with a unit where the user works that takes part in the case (not necessarily the unit that
    performs the intervention). `unit_ids`: the user's acting units in the case, when the caller has them."""
    if unit_ids is None:
        unit_ids = acting_unit_ids(user, case)
    return (
        Principal.objects.filter(units__in=unit_ids)
        .filter(units__plan_interventions__version=version)
        .exclude(pk__in=version.approvals.values("principal_id"))
        .distinct()
        .order_by("name")
    )


def involved_units(version: PlanVersion) -> list[Unit]:
    """The units named in the version (contact persons, interventions, lead), for the contact details."""
    units = {contact.unit_id: contact.unit for contact in version.contacts.all()}
    for intervention in version.interventions.all():
        units.setdefault(intervention.unit_id, intervention.unit)
    if version.lead_unit_id is not None:
        units.setdefault(version.lead_unit_id, version.lead_unit)
    return sorted(units.values(), key=lambda unit: (unit.principal.name, unit.name))


def unit_contact_routes(units: Iterable[Unit]) -> dict[int, list]:
    """Each unit's published contact routes (kontaktvägar), in one query."""
    routes: dict[int, list] = {}
    for route in ContactRoute.objects.filter(unit__in=[unit.pk for unit in units]).order_by("unit_id", "label"):
        routes.setdefault(route.unit_id, []).append(route)
    return routes


def plan_events(case: CoordinationCase) -> QuerySet[PlanEvent]:
    return PlanEvent.objects.filter(case=case).select_related("unit", "by", "decided_by", "version")


def unseen_events_for_lead(user) -> QuerySet[PlanEvent]:
    """Events in open cases that the user, as lead or staff of the lead's unit (the convener's unit until a lead
    is named), has not seen yet: for the overview."""
    unit_ids = case_unit_ids(user)
    for_lead = (
        Q(case__lead=user)
        | Q(case__lead_unit_id__in=unit_ids)
        | Q(case__lead_unit__isnull=True, case__convener_unit_id__in=unit_ids)
    )
    return (
        PlanEvent.objects.filter(for_lead, seen_by_lead_at__isnull=True)
        .exclude(case__status="closed")
        .select_related("case", "unit")
    )


def meetings_for_new_version(case: CoordinationCase) -> QuerySet[Meeting]:
    """Held meetings (not pre-meetings) in the case that no version was made at yet: where version 1 can be made."""
    return (
        Meeting.objects.filter(case=case, status="held", plan_versions__isnull=True)
        .exclude(kind=MeetingKind.PRE_MEETING)
        .order_by("-held_at")
    )


def follow_ups_for_revision(case: CoordinationCase) -> QuerySet[Meeting]:
    """Held follow-up meetings in the case that no version was made at yet."""
    return meetings_for_new_version(case).filter(kind=MeetingKind.FOLLOW_UP)


def relatives_for_copy(case: CoordinationCase, *, consent=None) -> list:
    """The related persons the consent in force lets the plan be given to; empty without consent. `consent`:
    the case's valid consent, when the caller has it."""
    consent = consent or valid_consent(case)
    return list(consent.related_persons.all()) if consent is not None else []


def section_label(name: str) -> str:
    return str(PlanVersion._meta.get_field(name).verbose_name).capitalize()


@dataclass
class SectionEntry:
    version: PlanVersion
    text: str
    changed: bool


@dataclass
class SectionHistory:
    name: str
    label: str
    entries: list[SectionEntry]


def section_history(plan: Plan) -> list[SectionHistory]:
    """For each text section, its value in every version (oldest first), marking where it changed. One query."""
    versions = list(plan.versions.order_by("number"))
    history = []
    for name in PlanVersion.SECTION_FIELDS:
        entries, previous = [], None
        for version in versions:
            text = getattr(version, name)
            entries.append(SectionEntry(version, text, changed=previous is not None and text != previous))
            previous = text
        history.append(SectionHistory(name, section_label(name), entries))
    return history


@dataclass
class GoalOutcomeEntry:
    version: PlanVersion
    goal: Goal

    @property
    def is_recorded(self) -> bool:
        return self.goal.achievement_recorded_at is not None


@dataclass
class GoalOutcomeHistory:
    text: str
    entries: list[GoalOutcomeEntry]


def goal_outcome_history(plan: Plan) -> list[GoalOutcomeHistory]:
    """Each goal (followed through `carried_from`) with its achievement in every version: what each follow-up
    recorded, or that it was only carried over. One query."""
    goals = list(
        Goal.objects.filter(version__plan=plan).select_related("version__meeting").order_by("version__number", "id")
    )
    roots = _lineage(goals)
    by_root: dict[int, GoalOutcomeHistory] = {}
    for goal in goals:
        history = by_root.setdefault(roots[goal.pk], GoalOutcomeHistory(goal.text, []))
        history.text = goal.text
        history.entries.append(GoalOutcomeEntry(goal.version, goal))
    return list(by_root.values())


# Words and the whitespace between them, so a diff marks whole words and keeps the text's own spacing.
_TOKENS = re.compile(r"\s+|[^\s]+")


def _mark(tag: str, text: str, hidden_label: str) -> SafeString:
    """A change wrapped in <ins>/<del>, with a hidden word for screen readers, which do not announce the tags."""
    return format_html(
        '<{tag}><span class="visually-hidden">{label} </span>{text}</{tag}>', tag=tag, label=hidden_label, text=text
    )


def diff_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old and new text as HTML with word-level changes marked: deletions in the old, insertions in the new.
    Every piece of user text is escaped; only the tags we build are markup."""
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    old_parts: list[SafeString] = []
    new_parts: list[SafeString] = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        old_text, new_text = "".join(old_tokens[a_start:a_end]), "".join(new_tokens[b_start:b_end])
        if operation == "equal":
            old_parts.append(escape(old_text))
            new_parts.append(escape(new_text))
            continue
        if old_text:
            old_parts.append(_mark("del", old_text, _("borttaget:")))
        if new_text:
            new_parts.append(_mark("ins", new_text, _("tillagt:")))
    return _join(old_parts), _join(new_parts)


def _join(parts: list[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


@dataclass
class ComparisonRow:
    label: str
    old_html: SafeString
    new_html: SafeString
    changed: bool


@dataclass
class VersionComparison:
    old: PlanVersion
    new: PlanVersion
    sections: list[ComparisonRow]
    goals: list[ComparisonRow]
    interventions: list[ComparisonRow]

    @property
    def has_changes(self) -> bool:
        return any(row.changed for row in self.sections + self.goals + self.interventions)


def _row(label: str, old: str, new: str) -> ComparisonRow:
    old_html, new_html = diff_words(old, new)
    return ComparisonRow(label, old_html, new_html, changed=old != new)


def _lineage(items: Iterable) -> dict[int, int]:
    """Each item's first ancestor through `carried_from`, so goals and interventions pair across any two versions."""
    parent = {item.pk: item.carried_from_id for item in items}
    roots = {}
    for pk in parent:
        root = pk
        while parent.get(root) is not None:
            root = parent[root]
        roots[pk] = root
    return roots


def _pair(old_items: list, new_items: list, roots: dict[int, int]) -> list[tuple]:
    """Pairs (old, new) matched by lineage; an item only in one version pairs with None."""
    old_by_root = {roots[item.pk]: item for item in old_items}
    pairs, matched = [], set()
    for item in new_items:
        counterpart = old_by_root.get(roots[item.pk])
        if counterpart is not None:
            matched.add(counterpart.pk)
        pairs.append((counterpart, item))
    pairs.extend((item, None) for item in old_items if item.pk not in matched)
    return pairs


def _goal_text(goal: Goal | None) -> str:
    if goal is None:
        return ""
    lines = [goal.text, f"{_('Måluppfyllelse')}: {goal.get_achievement_status_display()}"]
    if goal.evaluation:
        lines.append(f"{_('Utvärdering')}: {goal.get_evaluation_display()}")
    if goal.evaluation_note:
        lines.append(goal.evaluation_note)
    return "\n".join(lines)


def _intervention_text(intervention: Intervention | None) -> str:
    if intervention is None:
        return ""
    lines = [
        intervention.what,
        f"{_('Utförs av')}: {intervention.unit.name} ({intervention.unit.principal.name})",
        f"{_('Start')}: {intervention.start_on or '–'}",
        f"{_('Hur ofta')}: {intervention.frequency or '–'}",
        f"{_('Var')}: {intervention.place or '–'}",
        f"{_('Samordning')}: {intervention.coordination or '–'}",
        f"{_('Status')}: {intervention.get_status_display()}",
    ]
    if intervention.pending_decision:
        lines.append(f"{_('I väntan på beslut')}: {intervention.meanwhile or '–'}")
    if intervention.effect:
        lines.append(f"{_('Effekt')}: {intervention.effect}")
    if intervention.evaluation_decision:
        lines.append(f"{_('Beslut vid uppföljning')}: {intervention.get_evaluation_decision_display()}")
    return "\n".join(lines)


def _lead_text(version: PlanVersion) -> str:
    if version.lead_id is None:
        return ""
    text = f"{version.lead}, {version.lead_unit.name}"
    return f"{text}\n{version.lead_change_note}" if version.lead_change_note else text


def compare_versions(a: PlanVersion, b: PlanVersion) -> VersionComparison:
    """Two versions of the same plan side by side, the older on the left, with changes marked word by word:
    every text section, the lead and the follow-up, then goals and interventions paired through `carried_from`
    (so versions that are not neighbours compare too). A fixed number of queries."""
    old, new = sorted((a, b), key=lambda version: version.number)
    goals = list(Goal.objects.filter(version__plan_id=old.plan_id).order_by("position", "id"))
    interventions = list(
        Intervention.objects.filter(version__plan_id=old.plan_id)
        .select_related("unit__principal")
        .order_by("position", "id")
    )
    sections = [
        _row(section_label(name), getattr(old, name), getattr(new, name)) for name in PlanVersion.SECTION_FIELDS
    ]
    sections.append(_row(_("Huvudansvarig"), _lead_text(old), _lead_text(new)))
    sections.append(_row(_("Uppföljning"), old.follow_up_label, new.follow_up_label))
    goal_roots, intervention_roots = _lineage(goals), _lineage(interventions)
    goal_rows = [
        _row(_("Delmål") if (n or o).is_subgoal else _("Mål"), _goal_text(o), _goal_text(n))
        for o, n in _pair(
            [g for g in goals if g.version_id == old.pk], [g for g in goals if g.version_id == new.pk], goal_roots
        )
    ]
    intervention_rows = [
        _row(_("Insats"), _intervention_text(o), _intervention_text(n))
        for o, n in _pair(
            [i for i in interventions if i.version_id == old.pk],
            [i for i in interventions if i.version_id == new.pk],
            intervention_roots,
        )
    ]
    return VersionComparison(old, new, sections, goal_rows, intervention_rows)
