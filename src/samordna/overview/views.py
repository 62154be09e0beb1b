"""My overview: the user's open cases with their step and next deadline."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from samordna.audit.services import audit_read_many
from samordna.cases.selectors import cases_for_overview
from samordna.deadlines.rules import next_deadline
from samordna.organizations.selectors import units_for_user
from samordna.people.policies import is_case_staff

CLOSED_SHOWN = 10


@login_required
def home(request):
    rows = [{"case": case, "deadline": next_deadline(case)} for case in cases_for_overview(request.user)]
    rows.sort(key=lambda row: (row["deadline"] is None, row["deadline"].due_on if row["deadline"] else None))
    closed = list(cases_for_overview(request.user, include_closed=True).filter(status="closed")[:CLOSED_SHOWN])
    audit_read_many(user=request.user, objects=[row["case"] for row in rows] + closed, summary="overview")
    context = {
        "rows": rows,
        "closed": closed,
        "units": units_for_user(request.user),
        "is_case_staff": is_case_staff(request.user),
    }
    return render(request, "overview/home.html", context)
