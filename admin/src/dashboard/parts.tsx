import { useState, type ReactNode } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Menu,
  MenuItem,
  Skeleton,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DownloadIcon from '@mui/icons-material/Download';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDataProvider, useNotify } from 'react-admin';
import type { BazaarDataProvider } from '../api/dataProvider';
import { saveBlob } from '../ui/saveBlob';
import {
  kpiTiles,
  PRESETS,
  lastDays,
  zoneChoices,
  type CheckedQuery,
  type DashboardQuery,
  type Interval,
  type KpiTile,
  type Summary,
} from './analytics';

/** A GET of an analytics report for a checked period (not sent while the period is invalid). */
export function useAnalytics<T>(report: string, checked: CheckedQuery) {
  const api = useDataProvider<BazaarDataProvider>();
  const query = checked.ok ? checked.query.toString() : '';
  return useQuery({
    queryKey: ['analytics', report, query],
    queryFn: () => api.fetchJson<T>(`/analytics/${report}?${query}`),
    enabled: checked.ok,
    placeholderData: keepPreviousData,
  });
}

export function Section({
  title,
  action,
  children,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card component="section" aria-labelledby={id} sx={{ minWidth: 0 }}>
      <CardContent>
        <Stack
          direction="row"
          sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 1, mb: 1 }}
        >
          <Typography id={id} component="h2" variant="h6">
            {title}
          </Typography>
          {action}
        </Stack>
        {children}
      </CardContent>
    </Card>
  );
}

export function LoadError({ error }: { error: unknown }) {
  return (
    <Alert severity="error" role="alert">
      {error instanceof Error && error.message ? error.message : 'The figures could not be loaded.'}
    </Alert>
  );
}

/** Shown instead of figures while the period form has an error (nothing is requested). */
export function InvalidPeriod() {
  return (
    <Typography color="text.secondary" data-testid="invalid-period">
      Correct the period above to see the figures.
    </Typography>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', py: 4 }}>
      <CircularProgress aria-label={label} />
    </Box>
  );
}

/* ------------------------------------------------------------------ period controls */

export interface PeriodState {
  period: DashboardQuery;
  setPeriod: (p: DashboardQuery) => void;
  checked: CheckedQuery;
}

/** From/to dates, quick ranges and the time zone the days are counted in. */
export function PeriodControls({ period, setPeriod, checked }: PeriodState) {
  const [zones] = useState(() => zoneChoices(period.tz));
  const error = (field: string) => (!checked.ok && checked.field === field ? checked.message : undefined);
  return (
    <Stack
      direction="row"
      sx={{ flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}
      component="form"
      aria-label="Period"
      onSubmit={(e) => e.preventDefault()}
    >
      <TextField
        label="From"
        type="date"
        size="small"
        value={period.from}
        onChange={(e) => setPeriod({ ...period, from: e.target.value })}
        error={!!error('from')}
        helperText={error('from')}
        slotProps={{ inputLabel: { shrink: true } }}
        fullWidth={false}
        sx={{ width: 170 }}
      />
      <TextField
        label="To"
        type="date"
        size="small"
        value={period.to}
        onChange={(e) => setPeriod({ ...period, to: e.target.value })}
        error={!!error('to')}
        helperText={error('to')}
        slotProps={{ inputLabel: { shrink: true } }}
        fullWidth={false}
        sx={{ width: 170 }}
      />
      <Autocomplete
        options={zones}
        value={period.tz}
        disableClearable
        onChange={(_, tz) => tz && setPeriod({ ...period, tz })}
        sx={{ width: 240, maxWidth: '100%' }}
        renderInput={(params) => (
          <TextField
            {...params}
            label="Time zone"
            size="small"
            error={!!error('tz')}
            helperText={error('tz')}
          />
        )}
      />
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }} role="group" aria-label="Quick ranges">
        {PRESETS.map((p) => (
          <Button
            key={p.days}
            size="small"
            onClick={() => setPeriod({ ...period, ...lastDays(p.days, period.tz) })}
          >
            {p.label}
          </Button>
        ))}
      </Stack>
    </Stack>
  );
}

export function IntervalSwitch({
  value,
  onChange,
  options,
}: {
  value: Interval;
  onChange: (i: Interval) => void;
  options: { id: Interval; name: string }[];
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      onChange={(_, v: Interval | null) => v && onChange(v)}
      aria-label="Interval"
    >
      {options.map((o) => (
        <ToggleButton key={o.id} value={o.id}>
          {o.name}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

/* ------------------------------------------------------------------ KPI tiles */

function Tile({ tile }: { tile: KpiTile }) {
  const color =
    tile.change.tone === 'good'
      ? 'success.dark'
      : tile.change.tone === 'bad'
        ? 'error.main'
        : 'text.secondary';
  const Arrow =
    tile.change.direction === 'up'
      ? ArrowUpwardIcon
      : tile.change.direction === 'down'
        ? ArrowDownwardIcon
        : null;
  return (
    <Card data-testid={`kpi-${tile.key}`} component="article" aria-label={tile.label} variant="outlined">
      <CardContent>
        <Typography variant="body2" color="text.secondary" component="h3">
          {tile.label}
        </Typography>
        <Typography variant="h5" component="p" data-testid="kpi-value">
          {tile.value}
        </Typography>
        {tile.detail && (
          <Typography variant="body2" color="text.secondary" data-testid="kpi-detail">
            {tile.detail}
          </Typography>
        )}
        <Typography
          variant="body2"
          sx={{ color, display: 'flex', alignItems: 'center', gap: 0.5 }}
          data-testid="kpi-change"
        >
          {Arrow && <Arrow fontSize="inherit" aria-hidden />}
          {tile.change.text}
        </Typography>
      </CardContent>
    </Card>
  );
}

export const tileGrid = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 170px), 1fr))',
} as const;

/** Revenue, orders, units, AOV and refunds with the change against the previous period. */
export function KpiTiles({ checked }: { checked: CheckedQuery }) {
  const summary = useAnalytics<Summary>('summary', checked);
  if (!checked.ok) return <InvalidPeriod />;
  if (summary.error) return <LoadError error={summary.error} />;
  if (!summary.data)
    return (
      <Box sx={tileGrid} aria-busy="true" aria-label="Loading key figures">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} variant="rounded" height={118} />
        ))}
      </Box>
    );
  const s = summary.data;
  return (
    <Box>
      <Box sx={tileGrid} data-testid="kpi-tiles">
        {kpiTiles(s).map((t) => (
          <Tile key={t.key} tile={t} />
        ))}
      </Box>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
        {s.period.from} to {s.period.to} ({s.tz}), compared with {s.previousPeriod.from} to{' '}
        {s.previousPeriod.to}
      </Typography>
    </Box>
  );
}

/* ------------------------------------------------------------------ CSV export */

const REPORTS = [
  { id: 'sales', name: 'Sales per interval' },
  { id: 'products', name: 'Products' },
  { id: 'orders', name: 'Orders' },
] as const;

/**
 * Downloads /analytics/export.csv. The access token lives in memory, so a plain link cannot carry
 * it: the file is fetched with the bearer token and saved from a Blob.
 */
export function ExportCsv({ checked, interval }: { checked: CheckedQuery; interval: Interval }) {
  const api = useDataProvider<BazaarDataProvider>();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (report: string) => {
    setAnchor(null);
    if (!checked.ok) return;
    setBusy(true);
    try {
      const query = new URLSearchParams(checked.query);
      query.set('report', report);
      query.set('interval', interval);
      const { blob, filename } = await api.download(`/analytics/export.csv?${query}`);
      saveBlob(blob, filename ?? `${report}-${query.get('from')}-${query.get('to')}.csv`);
    } catch (err) {
      notify(err instanceof Error ? err.message : 'The export failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        variant="outlined"
        size="small"
        startIcon={busy ? <CircularProgress size={16} aria-hidden /> : <DownloadIcon />}
        disabled={!checked.ok || busy}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-controls={anchor ? 'export-menu' : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        Export CSV
      </Button>
      <Menu id="export-menu" anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {REPORTS.map((r) => (
          <MenuItem key={r.id} onClick={() => void save(r.id)}>
            {r.name}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
