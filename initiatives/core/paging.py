"""Pages of a select whose count may stop at a cap: a search's matches among a million cases."""

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy.orm import lazyload


class CappedPagination(SelectPagination):
    """A page of a select that counts its rows up to `cap` (None: all of them).

    Counting every match of a frequent word among a million cases takes longer than finding the
    page itself, and no one pages through a thousand matches. The count always reaches two pages
    past the requested one, so the pager knows whether a next page exists however far one pages.
    `total` is then a lower bound and `capped` says so. `window_items(limit, offset)`, if given,
    returns one page's rows, when that is more than `select` limited: a search ranks its matches
    and cuts them to the page before it reads their rows.
    """

    def __init__(self, *, cap=None, window_items=None, **kwargs):
        self.cap = cap
        self.capped = False
        self.window_items = window_items
        super().__init__(**kwargs)

    def _query_items(self):
        if self.window_items is None:
            return super()._query_items()
        return self.window_items(self.per_page, self._query_offset)

    def _query_count(self):
        if self.cap is None:
            return super()._query_count()
        select = self._query_args["select"]
        enough = max(self.cap, self._query_offset + 2 * self.per_page)
        # The limit ends the scan of the matches there.
        rows = select.options(lazyload("*")).order_by(None).limit(enough + 1).subquery()
        counted = self._query_args["session"].scalar(sa.select(sa.func.count()).select_from(rows))
        self.capped = counted > enough
        return min(counted, enough)


def paginate(session, select, *, page, per_page, max_per_page=None, cap=None, window_items=None):
    """Return the `CappedPagination` of `select` for `page` (out of range: an empty page)."""
    return CappedPagination(
        select=select,
        session=session,
        page=page,
        per_page=per_page,
        max_per_page=max_per_page,
        error_out=False,
        count=True,
        cap=cap,
        window_items=window_items,
    )
