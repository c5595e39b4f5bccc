import { useMemo, useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import {
  Title,
  useCreatePath,
  useDataProvider,
  usePermissions,
  useResourceDefinitions,
  useStore,
} from 'react-admin';
import type { BazaarDataProvider } from '../api/dataProvider';
import type { ApiPage, Role } from '../api/types';
import { isStaffRole } from '../ui/roles';
import { formatMoney } from '../ui/money';
import {
  browserZone,
  INTERVALS,
  isZone,
  lastDays,
  listTotal,
  periodQuery,
  revenueSeries,
  type CategoriesAnalytics,
  type DashboardQuery,
  type Interval,
  type SalesSeries,
  type TopProducts,
} from './analytics';
import {
  ExportCsv,
  IntervalSwitch,
  InvalidPeriod,
  KpiTiles,
  LoadError,
  Loading,
  PeriodControls,
  Section,
  tileGrid,
  useAnalytics,
} from './parts';

/**
 * The admin's home: a seller's own sales dashboard, or the staff overview (all-seller KPIs and
 * the queues waiting for someone). Loaded lazily with the charts (App.tsx).
 */
export default function Dashboard() {
  const { permissions, isPending } = usePermissions<Role>();
  if (isPending) return <Loading label="Loading dashboard" />;
  return isStaffRole(permissions) ? <StaffDashboard /> : <SellerDashboard />;
}

/** The period shared by a dashboard's panels; the zone is remembered (browser's zone by default). */
function usePeriod() {
  const [storedTz, setTz] = useStore<string>('dashboard.tz', browserZone());
  const tz = isZone(storedTz) ? storedTz : browserZone();
  const [range, setRange] = useState(() => lastDays(30, tz));
  const period: DashboardQuery = { ...range, tz };
  const setPeriod = (p: DashboardQuery) => {
    setRange({ from: p.from, to: p.to });
    if (p.tz !== tz) setTz(p.tz);
  };
  return { period, setPeriod, checked: periodQuery(period) };
}

function Heading({ children }: { children: string }) {
  return (
    <Typography component="h1" variant="h5" sx={{ mt: 1 }}>
      {children}
    </Typography>
  );
}

function SellerDashboard() {
  const state = usePeriod();
  const [interval, setInterval] = useState<Interval>('day');
  return (
    <Stack spacing={2} sx={{ py: 2, minWidth: 0 }} data-testid="seller-dashboard">
      <Title title="Dashboard" />
      <Stack
        direction="row"
        sx={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}
      >
        <Heading>My sales</Heading>
        <ExportCsv checked={state.checked} interval={interval} />
      </Stack>
      <PeriodControls {...state} />
      <KpiTiles checked={state.checked} />
      <SalesChart period={state.period} interval={interval} setInterval={setInterval} />
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' },
        }}
      >
        <TopProductsPanel period={state.period} />
        <CategoriesPanel period={state.period} />
      </Box>
    </Stack>
  );
}

/** Revenue per day, week or month as bars, with the same figures as a table for screen readers. */
function SalesChart({
  period,
  interval,
  setInterval,
}: {
  period: DashboardQuery;
  interval: Interval;
  setInterval: (i: Interval) => void;
}) {
  const checked = periodQuery(period, { interval });
  const sales = useAnalytics<SalesSeries>('sales', checked);
  const data = sales.data;
  const chart = useMemo(() => (data ? revenueSeries(data.series, data.interval) : null), [data]);
  const currency = data?.currency ?? 'USD';
  const money = (v: number | null) => (v === null ? '' : formatMoney(v, currency));
  const name = INTERVALS.find((i) => i.id === interval)?.name.toLowerCase() ?? interval;

  return (
    <Section
      title="Revenue over time"
      action={<IntervalSwitch value={interval} onChange={setInterval} options={INTERVALS} />}
    >
      {!checked.ok ? (
        <InvalidPeriod />
      ) : sales.error ? (
        <LoadError error={sales.error} />
      ) : !data || !chart ? (
        <Loading label="Loading sales" />
      ) : chart.empty ? (
        <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }} data-testid="sales-empty">
          No sales in this period.
        </Typography>
      ) : (
        <Box
          sx={{ position: 'relative' }}
          data-testid="sales-chart"
          data-interval={data.interval}
          aria-busy={sales.isPlaceholderData ? 'true' : undefined}
        >
          <Box role="img" aria-label={`Revenue per ${name}, ${data.period.from} to ${data.period.to}`}>
            <BarChart
              height={300}
              skipAnimation
              hideLegend
              xAxis={[{ scaleType: 'band', data: chart.labels }]}
              yAxis={[{ valueFormatter: (v: number) => formatMoney(v, currency), width: 80 }]}
              series={[{ data: chart.revenue, label: 'Revenue', valueFormatter: money }]}
              margin={{ left: 8, right: 8 }}
            />
          </Box>
          <Box sx={visuallyHidden}>
            <table data-testid="sales-table">
              <caption>Revenue per {name}</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Revenue</th>
                  <th scope="col">Orders</th>
                </tr>
              </thead>
              <tbody>
                {data.series.map((b) => (
                  <tr key={b.start}>
                    <th scope="row">{b.start === b.end ? b.start : `${b.start} to ${b.end}`}</th>
                    <td data-minor={b.revenue}>{money(b.revenue)}</td>
                    <td>{b.orders}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Box>
        </Box>
      )}
    </Section>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  p: 0,
  m: '-1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/** A table that scrolls sideways on a phone; focusable so the keyboard can scroll it too. */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Box>
  );
}

function TopProductsPanel({ period }: { period: DashboardQuery }) {
  const checked = periodQuery(period, { limit: '10' });
  const top = useAnalytics<TopProducts>('top-products', checked);
  const data = top.data;
  return (
    <Section title="Top products">
      {!checked.ok ? (
        <InvalidPeriod />
      ) : top.error ? (
        <LoadError error={top.error} />
      ) : !data ? (
        <Loading label="Loading top products" />
      ) : data.data.length === 0 ? (
        <Typography color="text.secondary">No products sold in this period.</Typography>
      ) : (
        <ScrollTable label="Top products table">
          <Table size="small" data-testid="top-products">
            <TableHead>
              <TableRow>
                <TableCell>Product</TableCell>
                <TableCell align="right">Revenue</TableCell>
                <TableCell align="right">Units</TableCell>
                <TableCell align="right">Orders</TableCell>
                <TableCell align="right">Conversion</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.data.map((p) => (
                <TableRow key={p.productId}>
                  <TableCell>{p.name}</TableCell>
                  <TableCell align="right">{formatMoney(p.revenue, data.currency)}</TableCell>
                  <TableCell align="right">{p.units}</TableCell>
                  <TableCell align="right">{p.orders}</TableCell>
                  <TableCell align="right">
                    {p.conversion === null ? '—' : `${(p.conversion * 100).toFixed(1)}%`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

function CategoriesPanel({ period }: { period: DashboardQuery }) {
  const checked = periodQuery(period, { roots: 'true' });
  const cats = useAnalytics<CategoriesAnalytics>('categories', checked);
  const data = cats.data;
  const total = data?.data.reduce((sum, c) => sum + c.revenue, 0) ?? 0;
  return (
    <Section title="Categories">
      {!checked.ok ? (
        <InvalidPeriod />
      ) : cats.error ? (
        <LoadError error={cats.error} />
      ) : !data ? (
        <Loading label="Loading categories" />
      ) : data.data.length === 0 ? (
        <Typography color="text.secondary">No category sales in this period.</Typography>
      ) : (
        <ScrollTable label="Categories table">
          <Table size="small" data-testid="categories">
            <TableHead>
              <TableRow>
                <TableCell>Category</TableCell>
                <TableCell align="right">Revenue</TableCell>
                <TableCell align="right">Share</TableCell>
                <TableCell align="right">Units</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.data.map((c) => (
                <TableRow key={c.categoryId}>
                  <TableCell>{c.name}</TableCell>
                  <TableCell align="right">{formatMoney(c.revenue, data.currency)}</TableCell>
                  <TableCell align="right">
                    {total > 0 ? `${Math.round((c.revenue / total) * 100)}%` : '—'}
                  </TableCell>
                  <TableCell align="right">{c.units}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

/* ------------------------------------------------------------------ staff */

function StaffDashboard() {
  const state = usePeriod();
  return (
    <Stack spacing={2} sx={{ py: 2, minWidth: 0 }} data-testid="staff-dashboard">
      <Title title="Dashboard" />
      <Heading>Store overview</Heading>
      <Section title="Waiting for you">
        <Box sx={tileGrid}>
          <QueueTile
            testId="pending-orders"
            label="Pending orders"
            detail="Placed, not paid yet"
            path="/orders?status=pending&perPage=1"
            resource="orders"
            filter={{ status: 'pending' }}
          />
          <QueueTile
            testId="pending-comments"
            label="Pending comments"
            detail="Awaiting moderation"
            path="/comments?status=pending&perPage=1"
            resource="comments"
            filter={{ status: 'pending' }}
          />
        </Box>
      </Section>
      <Section title="All sellers">
        <Stack spacing={2}>
          <PeriodControls {...state} />
          <KpiTiles checked={state.checked} />
        </Stack>
      </Section>
    </Stack>
  );
}

/** A count from a list's total, linking to that list (when the admin has a screen for it). */
function QueueTile({
  testId,
  label,
  detail,
  path,
  resource,
  filter,
}: {
  testId: string;
  label: string;
  detail: string;
  path: string;
  resource: string;
  filter: Record<string, string>;
}) {
  const api = useDataProvider<BazaarDataProvider>();
  const createPath = useCreatePath();
  const hasList = !!useResourceDefinitions()[resource]?.hasList;
  const page = useQuery({
    queryKey: ['dashboard-count', path],
    queryFn: () => api.fetchJson<ApiPage<unknown>>(path),
  });
  const to = {
    pathname: createPath({ resource, type: 'list' }),
    search: `filter=${encodeURIComponent(JSON.stringify(filter))}`,
  };
  return (
    <Card variant="outlined" component="article" aria-label={label} data-testid={testId}>
      <CardContent>
        <Typography variant="body2" color="text.secondary" component="h3">
          {label}
        </Typography>
        <Typography variant="h5" component="p" data-testid="count-value">
          {page.error ? '—' : page.data ? listTotal(page.data) : '…'}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {page.error instanceof Error ? page.error.message : detail}
        </Typography>
        {hasList && (
          <Button component={Link} to={to} size="small" sx={{ mt: 1, ml: -1 }}>
            Open {label.toLowerCase()}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
