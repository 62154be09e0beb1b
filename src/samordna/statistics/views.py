"""The statistics page and its CSV and Excel exports. Aggregates only: no case, person or free text from cases."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from samordna.statistics.charts import charts_for
from samordna.statistics.exports import report_csv, report_xlsx
from samordna.statistics.forms import StatisticsFilterForm
from samordna.statistics.policies import available_scopes, default_scope
from samordna.statistics.selectors import Period, statistics_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def statistics_reader(view):
    """Users without a statistics role get 404 whatever the method, before the method is checked (GET only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scopes = available_scopes(request.user)
        if not scopes:
            raise Http404
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return view(request, scopes, *args, **kwargs)

    return wrapper


def _report(request, scopes):
    """The report the filters ask for, or (None, form) with the errors."""
    data = request.GET if "scope" in request.GET else None
    if data is not None and data["scope"] not in {scope.key for scope in scopes}:
        raise Http404  # a scope the user may not read answers 404, as a case would
    default = Period.last_months()
    first = default_scope(scopes)
    initial = {"scope": first.key, "start": f"{default.start:%Y-%m}", "end": f"{default.end:%Y-%m}"}
    form = StatisticsFilterForm(data, scopes=scopes, initial=initial)
    if data is None:
        return statistics_report(scope=first, period=default), form
    if not form.is_valid():
        return None, form
    scope = next(scope for scope in scopes if scope.key == form.cleaned_data["scope"])
    return statistics_report(scope=scope, period=form.cleaned_data["period"]), form


def _filename(report, extension: str) -> str:
    return f"samordna-statistik-{report.scope.level}-{report.period.start:%Y%m}-{report.period.end:%Y%m}.{extension}"


@login_required
@statistics_reader
def statistics_page(request, scopes):
    report, form = _report(request, scopes)
    context = {"form": form, "report": report}
    if report is not None:
        charts = charts_for(report)
        context["sections"] = [(table, charts[table.key]) for table in report.tables]
        context["query"] = request.GET.urlencode() if "scope" in request.GET else f"scope={report.scope.key}"
    return render(request, "statistics/page.html", context, status=200 if report is not None else 400)


@login_required
@statistics_reader
def statistics_csv(request, scopes):
    report, _form = _report(request, scopes)
    if report is None:
        raise Http404
    response = HttpResponse(("\ufeff" + report_csv(report)).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


@login_required
@statistics_reader
def statistics_xlsx(request, scopes):
    report, _form = _report(request, scopes)
    if report is None:
        raise Http404
    response = HttpResponse(report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response
