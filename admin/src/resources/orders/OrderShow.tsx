import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Grid,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import {
  Loading,
  Show,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import type { BazaarDataProvider, OrderAction } from '../../api/dataProvider';
import type { Order } from '../../api/types';
import { formatMoney } from '../../ui/money';
import { isStaffRole } from '../../ui/roles';
import { StatusChip } from './OrderList';
import { RefundDialog } from './RefundDialog';
import { ALLOWED_FROM } from './status';

const LABELS: Record<OrderAction, string> = {
  ship: 'Mark shipped',
  deliver: 'Mark delivered',
  cancel: 'Cancel order',
  refund: 'Refund in full',
};
const CONFIRM: Partial<Record<OrderAction, string>> = {
  cancel: 'Cancel this order and release its stock?',
  refund: 'Refund the whole order through its payment provider?',
};

function OrderActions() {
  const order = useRecordContext<Order>();
  const { permissions } = usePermissions();
  const api = useDataProvider<BazaarDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<OrderAction | null>(null);
  const [refundingLines, setRefundingLines] = useState(false);
  if (!order) return null;
  const staff = isStaffRole(permissions);
  // Sellers ship/deliver only orders holding nothing but their items (the API says so too).
  const actions: OrderAction[] = staff
    ? ['ship', 'deliver', 'cancel', 'refund']
    : order.partial
      ? []
      : ['ship', 'deliver'];

  const perform = async (action: OrderAction) => {
    setConfirming(null);
    setBusy(true);
    try {
      // An empty refund body refunds everything left (lines and shipping).
      if (action === 'refund') await api.refundOrder(order.id, {});
      else await api.orderAction(order.id, action);
      notify(`Order ${order.number}: ${LABELS[action].toLowerCase()} done`, { type: 'success' });
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err), { type: 'error' });
    } finally {
      setBusy(false);
      refresh();
    }
  };

  return (
    <Stack direction="row" sx={{ mb: 2, gap: 1, flexWrap: 'wrap' }}>
      {actions.map((action) => (
        <Button
          key={action}
          variant={action === 'refund' || action === 'cancel' ? 'outlined' : 'contained'}
          color={action === 'refund' || action === 'cancel' ? 'error' : 'primary'}
          disabled={busy || !ALLOWED_FROM[action].includes(order.status)}
          onClick={() => (CONFIRM[action] ? setConfirming(action) : void perform(action))}
        >
          {LABELS[action]}
        </Button>
      ))}
      {staff && (
        <Button
          variant="outlined"
          color="error"
          disabled={busy || !ALLOWED_FROM.refund.includes(order.status)}
          onClick={() => setRefundingLines(true)}
        >
          Refund lines…
        </Button>
      )}
      {staff && (
        <RefundDialog
          order={order}
          open={refundingLines}
          onClose={() => setRefundingLines(false)}
          onRefunded={({ refund, order: after }) => {
            setRefundingLines(false);
            notify(
              `Refund of ${formatMoney(refund.amount, refund.currency)} ${refund.status}; the order is ${after.status.replace('_', ' ')}`,
              { type: refund.status === 'failed' ? 'error' : 'success' },
            );
            refresh();
          }}
        />
      )}
      <Dialog open={confirming !== null} onClose={() => setConfirming(null)}>
        <DialogTitle>{confirming ? LABELS[confirming] : ''}</DialogTitle>
        <DialogContent>
          <DialogContentText>{confirming ? CONFIRM[confirming] : ''}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(null)}>Keep order</Button>
          <Button color="error" onClick={() => confirming && void perform(confirming)}>
            Confirm
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}

function OrderDetails() {
  const order = useRecordContext<Order>();
  // The list's row (no lines, no address) stands in until the order itself arrives.
  if (!order?.items || !order.shippingAddress) return <Loading />;
  const money = (n: number) => formatMoney(n, order.currency);
  const a = order.shippingAddress;
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Stack direction="row" sx={{ mb: 2, gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography component="h2" variant="h5">
          {order.number}
        </Typography>
        <StatusChip status={order.status} />
        {order.partial && <Typography variant="body2">Your lines only</Typography>}
      </Stack>
      <OrderActions />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography component="h3" variant="h6">
                Shipping address
              </Typography>
              <Typography variant="body2" component="address" sx={{ fontStyle: 'normal' }}>
                {a.firstName} {a.lastName}
                <br />
                {a.addressLine}
                {a.buildingNumber ? `, ${a.buildingNumber}` : ''}
                <br />
                {a.postalCode} {a.city}, {a.state}, {a.country}
                <br />
                {a.email} · {a.phone}
              </Typography>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography component="h3" variant="h6">
                Payment
              </Typography>
              <Typography variant="body2">Provider: {order.provider}</Typography>
              <Typography variant="body2">
                Paid: {order.paidAt ? new Date(order.paidAt).toLocaleString() : 'not yet'}
              </Typography>
              <Typography variant="body2">Subtotal: {money(order.subtotal)}</Typography>
              <Typography variant="body2">Shipping: {money(order.shippingFee)}</Typography>
              <Typography variant="body2" sx={{ fontWeight: 'bold' }}>
                Total: {money(order.total)}
              </Typography>
              <Typography variant="body2">Customer: {order.email}</Typography>
            </CardContent>
          </Card>
        </Grid>
      </Grid>
      <Typography component="h3" variant="h6" sx={{ mt: 3 }}>
        Lines
      </Typography>
      <TableContainer>
        <Table size="small" aria-label="Order lines">
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell>SKU</TableCell>
              <TableCell>Options</TableCell>
              <TableCell align="right">Qty</TableCell>
              <TableCell align="right">Unit</TableCell>
              <TableCell align="right">Total</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {order.items.map((line) => (
              <TableRow key={line.id}>
                <TableCell>{line.name}</TableCell>
                <TableCell>{line.sku}</TableCell>
                <TableCell>
                  {Object.entries({ ...line.variantOptions, ...line.customizations })
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(', ')}
                </TableCell>
                <TableCell align="right">{line.quantity}</TableCell>
                <TableCell align="right">{money(line.unitPrice)}</TableCell>
                <TableCell align="right">{money(line.lineTotal)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Typography component="h3" variant="h6" sx={{ mt: 3 }}>
        History
      </Typography>
      <TableContainer>
        <Table size="small" aria-label="Order history">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>By</TableCell>
              <TableCell>Note</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {order.history.map((event, i) => (
              <TableRow key={i}>
                <TableCell>{new Date(event.at).toLocaleString()}</TableCell>
                <TableCell>{event.from ? `${event.from} → ${event.to}` : event.to}</TableCell>
                <TableCell>
                  {event.actor.kind}
                  {event.actor.id ? ` (${event.actor.id.slice(0, 8)})` : ''}
                </TableCell>
                <TableCell>{event.note ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}

export default function OrderShow() {
  return (
    <Show actions={false}>
      <OrderDetails />
    </Show>
  );
}
