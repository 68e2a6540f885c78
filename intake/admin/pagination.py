"""Pages of the queue that cost the same whether they are the first or the thousandth.

Django's paginator asks for `LIMIT 50 OFFSET n`: the database reads every full row before the
page and throws them away, so the last page of 50,000 requests is the slowest. This paginator
asks for the page's keys first (read from an index in the queue's order, intake_request_order_idx,
without touching the rows), then for those 50 rows with everything the page shows. Same rows,
same order, one query more.
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
