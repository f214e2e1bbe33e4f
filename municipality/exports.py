"""CSV and XLSX downloads: the action log and every dashboard chart's numbers.

Cells that start with = + - @ (or a tab or carriage return) are prefixed with a quote, so a
title typed by someone cannot run as a formula when an officer opens the file in a spreadsheet.
"""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape_formula(value) for value in row])
    return response


def xlsx_response(filename: str, title: str, header: list[str], rows) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([escape_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ACTION_LOG_HEADER = [
    "id",
    "municipality",
    "nis_code",
    "type",
    "title",
    "status",
    "start_date",
    "end_date",
    "budget_eur",
    "staff_hours",
    "funding_source",
    "goals",
    "led_to_by",
    "is_public",
    "outcomes",
]


def action_log_rows(actions):
    """Rows of the action log; `actions` comes from the list selector (goals prefetched)."""
    for a in actions:
        yield [
            a.pk,
            a.municipality.name_nl,
            a.municipality.nis_code,
            a.get_action_type_display(),
            a.title,
            a.get_status_display(),
            a.start_date.isoformat(),
            a.end_date.isoformat() if a.end_date else "",
            float(a.budget),
            float(a.staff_hours),
            a.get_funding_source_display(),
            "; ".join(g.title for g in a.goals.all()),
            "; ".join(str(p.pk) for p in a.led_to_by.all()),
            "yes" if a.is_public else "no",
            a.outcomes,
        ]
