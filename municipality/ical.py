"""An iCalendar (RFC 5545) feed of upcoming public events, written by hand.

Small enough not to need a library: text values are escaped (backslash, semicolon, comma,
newline, §3.3.11), lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character (§3.1), times are UTC with a `Z`.
"""

import datetime

from django.utils import timezone

CRLF = "\r\n"
PRODID = "-//Ketenwerk//Municipal support events//EN"


def escape_text(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space (§3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # continuation lines start with one space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def format_utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def build_calendar(events, *, base_url: str, domain: str, now=None) -> str:
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text("Ketenwerk"),
    ]
    for event in events:
        where = str(event.municipality)
        ends = event.ends_at or event.starts_at + datetime.timedelta(hours=2)
        lines += [
            "BEGIN:VEVENT",
            f"UID:support-action-{event.pk}@{domain}",
            f"DTSTAMP:{format_utc(now)}",
            f"DTSTART:{format_utc(event.starts_at)}",
            f"DTEND:{format_utc(ends)}",
            "SUMMARY:" + escape_text(event.title),
            "LOCATION:" + escape_text(", ".join(filter(None, [event.place, where]))),
            "DESCRIPTION:" + escape_text(event.description),
            "URL:" + base_url + event.get_absolute_url(),
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
