import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { AuthUser } from '../accounts/auth-user';
import { AppConfig } from '../config/app-config';
import { Interval, LocalPeriod, previousPeriod, previousYear } from './analytics-period';
import { AnalyticsProductsService } from './analytics-products.service';
import { AnalyticsExportService } from './analytics-export.service';
import { AnalyticsQueryService, Instants } from './analytics-query.service';
import { AnalyticsScopeResolver, narrowed } from './analytics-scope';
import {
  AnalyticsQueryDto,
  CategoriesQueryDto,
  ExportQueryDto,
  ProductAnalyticsQueryDto,
  SalesQueryDto,
  TopProductsQueryDto,
} from './dto/analytics-query.dto';
import {
  AnalyticsEnvelopeDto,
  CategoriesAnalyticsDto,
  ProductAnalyticsDto,
  SalesSeriesDto,
  SummaryChangeDto,
  SummaryDto,
  TopProductsDto,
} from './dto/analytics-responses.dto';

function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return Math.round(((now - before) / before) * 1000) / 10;
}

const CHANGED: (keyof SummaryChangeDto)[] = [
  'revenue',
  'orders',
  'units',
  'averageOrderValue',
  'refunds',
  'refundAmount',
  'netRevenue',
  'newCustomers',
  'returningCustomers',
];

/** One use case per route: validate the period, resolve who sees what, read the rollups. */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly config: AppConfig,
    private readonly scopes: AnalyticsScopeResolver,
    private readonly queries: AnalyticsQueryService,
    private readonly products: AnalyticsProductsService,
    private readonly exporter: AnalyticsExportService,
  ) {}

  private async prepare(q: AnalyticsQueryDto, user: AuthUser) {
    const period = this.queries.period(q);
    const scope = await this.scopes.resolve(q, user);
    const instants = await this.queries.instants(period);
    return { period, scope, instants };
  }

  private envelope(p: LocalPeriod, i: Instants): AnalyticsEnvelopeDto {
    return { asOf: i.asOf.toISOString(), currency: this.config.currency, tz: p.tz };
  }

  async summary(q: AnalyticsQueryDto, user: AuthUser): Promise<SummaryDto> {
    const { period, scope, instants } = await this.prepare(q, user);
    const prev = previousPeriod(period);
    const prevInstants = await this.queries.instants(prev);
    const [current, previous] = await Promise.all([
      this.queries.figures(scope, instants),
      this.queries.figures(scope, prevInstants),
    ]);
    const delta = Object.fromEntries(
      CHANGED.map((k) => [k, change(current[k] as number | null, previous[k] as number | null)]),
    ) as unknown as SummaryChangeDto;
    return {
      ...this.envelope(period, instants),
      period: { from: period.from, to: period.to },
      previousPeriod: { from: prev.from, to: prev.to },
      current,
      previous,
      change: delta,
    };
  }

  async sales(q: SalesQueryDto, user: AuthUser): Promise<SalesSeriesDto> {
    const { period, scope, instants } = await this.prepare(q, user);
    const interval: Interval = q.interval ?? 'day';
    let comparePeriod: LocalPeriod | null = null;
    if (q.compare)
      comparePeriod = q.compare === 'previous_year' ? previousYear(period) : previousPeriod(period);
    const [series, comparison] = await Promise.all([
      this.queries.series(scope, period, instants, interval),
      comparePeriod &&
        this.queries
          .instants(comparePeriod)
          .then((i) => this.queries.series(scope, comparePeriod, i, interval)),
    ]);
    return {
      ...this.envelope(period, instants),
      interval,
      period: { from: period.from, to: period.to },
      series,
      comparePeriod: comparePeriod && { from: comparePeriod.from, to: comparePeriod.to },
      comparison,
    };
  }

  async topProducts(q: TopProductsQueryDto, user: AuthUser): Promise<TopProductsDto> {
    const { period, scope, instants } = await this.prepare(q, user);
    const by = q.by ?? 'revenue';
    // Independent statements, each on its own pooled connection (PostgreSQL backends run them side by side).
    const [data, totals] = await Promise.all([
      this.products.products(scope, instants, by, q.limit ?? 10),
      this.queries.figures(scope, instants),
    ]);
    return {
      ...this.envelope(period, instants),
      by,
      period: { from: period.from, to: period.to },
      data,
      overall: await this.products.overall(scope, instants, totals.orders),
    };
  }

  async product(id: string, q: ProductAnalyticsQueryDto, user: AuthUser): Promise<ProductAnalyticsDto> {
    const { period, scope, instants } = await this.prepare({ ...q, productId: id }, user);
    const interval: Interval = q.interval ?? 'day';
    const [row] = await this.products.products(scope, instants, 'revenue', 1);
    const p = scope.product!;
    return {
      ...this.envelope(period, instants),
      product: row ?? {
        productId: p.id,
        name: p.name,
        slug: p.slug,
        revenue: 0,
        units: 0,
        orders: 0,
        refundAmount: 0,
        views: 0,
        conversion: null,
      },
      period: { from: period.from, to: period.to },
      interval,
      series: await this.queries.series(scope, period, instants, interval),
    };
  }

  async categories(q: CategoriesQueryDto, user: AuthUser): Promise<CategoriesAnalyticsDto> {
    const { period, scope, instants } = await this.prepare(q, user);
    const roots = q.roots === 'true';
    return {
      ...this.envelope(period, instants),
      period: { from: period.from, to: period.to },
      roots,
      data: await this.products.categories(scope, instants, roots),
    };
  }

  async export(q: ExportQueryDto, user: AuthUser): Promise<{ stream: Readable; filename: string }> {
    const { period, scope, instants } = await this.prepare(q, user);
    const stream = this.exporter.stream(q.report, scope, period, instants, q.interval ?? 'day');
    const who = narrowed(scope) ? 'filtered' : 'all';
    return { stream, filename: `${q.report}-${period.from}-${period.to}-${who}.csv` };
  }
}
