"""XLSX and CSV writers worth handing on: German labels, real date cells in
Berlin time, column widths, a filter and a frozen header row; texts that a
spreadsheet could run as formulas are neutralised, nothing else is."""

from datetime import date
from datetime import datetime
from ikz.landespreis.domain.exports import neutralise
from ikz.landespreis.domain.formatting import german_date
from ikz.landespreis.domain.formatting import german_datetime
from ikz.landespreis.domain.formatting import german_number
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

import csv
import io
import openpyxl
import re


DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MIN_WIDTH = 8
MAX_WIDTH = 60


def sheet_title(title, taken):
    """A valid, unique sheet name (31 characters, no ``[]:*?/\\``)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Tabelle"
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    return name


def xlsx_cell(value, kind=None):
    if isinstance(value, (list, tuple)):
        return neutralise(list(value), separator="\n")
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return neutralise(value)


def _width(value):
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    lines = str(value).split("\n")
    return max(len(line) for line in lines) if lines else 0


def _style(cell):
    if isinstance(cell.value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    wrap = isinstance(cell.value, str) and (
        "\n" in cell.value or len(cell.value) > MAX_WIDTH
    )
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")


def add_sheet(book, title, header, rows, kinds=None):
    """A sheet with a bold frozen header row, a filter over all columns,
    widths from the content, wrapped multi-line cells and date formats."""
    kinds = kinds or [None] * len(header)
    sheet = book.create_sheet(sheet_title(title, book.sheetnames))
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [min(max(_width(h), MIN_WIDTH), 30) for h in header]
    for row in rows:
        values = [xlsx_cell(v, k) for v, k in zip(row, kinds, strict=False)]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            width + 2, MAX_WIDTH
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            _style(cell)
    sheet.freeze_panes = "B2" if len(header) > 1 else "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    return sheet


def xlsx(sheets, active=0):
    """``sheets``: ``[(title, header, rows, kinds)]`` -> XLSX bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows, *rest in sheets:
        add_sheet(book, title, header, rows, rest[0] if rest else None)
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_cell(value):
    """The same data as the XLSX: lists with "; ", dates in the German
    style, numbers with a decimal comma."""
    if isinstance(value, datetime):
        return german_datetime(value)
    if isinstance(value, date):
        return german_date(value)
    if isinstance(value, float):
        return german_number(value, 3).rstrip("0").rstrip(",")
    return neutralise(value, separator="; ")


def csv_bytes(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
