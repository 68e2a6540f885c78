"""The queue's rows, written the way Django's admin writes them, at a fraction of the cost.

Django's `items_for_result` works out every cell of every row from scratch: it looks the column up
again (raising and catching a FieldDoesNotExist for each display method), asks for the empty-value
marker, works out each link back to the view by resolving the row's URL again, and the template
then loops over 700 cells. At 50,000 requests that was about a third of the queue's time
(bench/staff_queue.py).

Here each column is looked up once per page, the way back once per page and each row's URL once
per row; a row comes out as one piece of HTML. The output is Django's, byte for byte: tests/staff/test_queue_rows.py renders
every kind of request both ways and compares. Anything this does not know (an editable list, a
popup, a column that is neither a model field nor a display method) goes Django's own way.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.admin.templatetags.admin_list import ResultList, _coerce_field_name, items_for_result
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Column:
    # (row, is a link) -> what the cell shows and its class attribute (' class="field-…"')
    cell: Callable[[models.Model, bool], tuple[object, SafeString]]
    link: bool


def rows(cl: ChangeList) -> Iterator[ResultList]:
    """Each row of the page as one cell-list of HTML, as `admin_list.results` gives them."""
    columns = _columns(cl)
    if columns is None:
        for result in cl.result_list:
            yield ResultList(None, items_for_result(cl, result, None))
        return
    way_back = _way_back(cl)
    for result in cl.result_list:
        url = cl.url_for_result(result) + way_back
        cells, first_link = [], True
        for column in columns:
            shown, classes = column.cell(result, column.link)
            if column.link:
                tag = "th" if first_link else "td"
                first_link = False
                cells.append(format_html('<{}{}><a href="{}">{}</a></{}>', tag, classes, url, shown, tag))
            else:
                cells.append(format_html("<td{}>{}</td>", classes, shown))
        # One item per row: the template's loop over cells then runs once, not thirteen times.
        yield ResultList(None, [format_html_join("", "{}", ((cell,) for cell in cells))])


def _way_back(cl: ChangeList) -> str:
    """The query every row's link carries back to this view (`_changelist_filters`), the same for
    every row: Django works it out per row, resolving each row's URL again."""
    if not cl.result_list:
        return ""
    url = cl.url_for_result(cl.result_list[0])
    with_filters = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    return with_filters.removeprefix(url)


def _columns(cl: ChangeList) -> list[Column] | None:
    if cl.formset or cl.is_popup or cl.to_field or not cl.list_display_links:
        return None
    empty = cl.model_admin.get_empty_value_display()
    columns = []
    for index, name in enumerate(cl.list_display):
        if not isinstance(name, str):
            return None
        classes = f"field-{_coerce_field_name(name, index)}"
        try:
            field = cl.opts.get_field(name)
        except FieldDoesNotExist:
            if name == "__str__" or not callable(getattr(cl.model_admin, name, None)):
                return None
            cell = _method_cell(
                getattr(cl.model_admin, name),
                "action-checkbox" if name == "action_checkbox" else classes,
                empty,
            )
        else:
            if field.auto_created or isinstance(field, (models.DateField, models.TimeField)):
                return None
            if isinstance(field, models.ForeignKey):
                cell = _related_cell(field, _class_attribute(f"{classes} nowrap"), empty)
            else:
                cell = _field_cell(field, _class_attribute(classes), empty)
        columns.append(Column(cell, name in cl.list_display_links))
    return columns


def _class_attribute(classes: str) -> SafeString:
    return format_html(' class="{}"', classes)


def _method_cell(method: Callable, classes: str, empty: str) -> Callable:
    plain, nowrap = _class_attribute(classes), _class_attribute(f"{classes} nowrap")
    empty = getattr(method, "empty_value_display", empty)
    boolean = getattr(method, "boolean", False)

    def cell(row: models.Model, link: bool) -> tuple[object, SafeString]:
        value = method(row)
        shown = display_for_value(value, empty, boolean)
        return shown, nowrap if isinstance(value, (datetime.date, datetime.time)) else plain

    return cell


def _field_cell(field: models.Field, classes: SafeString, empty: str) -> Callable:
    return lambda row, link: (
        display_for_field(getattr(row, field.name), field, empty, avoid_link=link),
        classes,
    )


def _related_cell(field: models.ForeignKey, classes: SafeString, empty: str) -> Callable:
    def cell(row: models.Model, link: bool) -> tuple[object, SafeString]:
        related = getattr(row, field.name) if getattr(row, field.attname) is not None else None
        return (empty if related is None else related), classes

    return cell
