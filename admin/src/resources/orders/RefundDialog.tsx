import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useDataProvider } from 'react-admin';
import type { BazaarDataProvider } from '../../api/dataProvider';
import type { Order, RefundResult } from '../../api/types';
import { formatMoney } from '../../ui/money';
import { refundedUnits, refundPreview } from './refunds';

interface Props {
  order: Order;
  open: boolean;
  onClose: () => void;
  onRefunded: (result: RefundResult) => void;
}

/** Partial refund: chosen lines and quantities (up to what each line has left), restock, reason. */
export function RefundDialog({ order, open, onClose, onRefunded }: Props) {
  const api = useDataProvider<BazaarDataProvider>();
  const [refunded, setRefunded] = useState<Map<string, number> | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [restock, setRestock] = useState(true);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setRefunded(null);
    setQuantities({});
    setError(null);
    api
      .orderRefunds(order.id)
      .then((refunds) => live && setRefunded(refundedUnits(refunds)))
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [api, open, order.id]);

  const left = (lineId: string, quantity: number) => quantity - (refunded?.get(lineId) ?? 0);
  const preview = useMemo(() => refundPreview(order, quantities), [order, quantities]);
  const chosen = Object.entries(quantities).filter(([, q]) => q > 0);
  const money = (n: number) => formatMoney(n, order.currency);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.refundOrder(order.id, {
        lines: chosen.map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
        restock,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      onRefunded(result);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="refund-title"
    >
      <DialogTitle id="refund-title">Refund lines of {order.number}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {error}
          </Alert>
        )}
        {!refunded && !error ? (
          <CircularProgress aria-label="Loading refunds" />
        ) : (
          <TableContainer>
            <Table size="small" aria-label="Lines to refund">
              <TableHead>
                <TableRow>
                  <TableCell>Product</TableCell>
                  <TableCell align="right">Unit</TableCell>
                  <TableCell align="right">Bought</TableCell>
                  <TableCell align="right">Refundable</TableCell>
                  <TableCell align="right">Refund</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {order.items.map((line) => {
                  const max = Math.max(0, left(line.id, line.quantity));
                  return (
                    <TableRow key={line.id} data-testid="refund-line">
                      <TableCell>
                        {line.name}
                        <Typography variant="caption" component="div">
                          {line.sku}
                        </Typography>
                      </TableCell>
                      <TableCell align="right">{money(line.unitPrice)}</TableCell>
                      <TableCell align="right">{line.quantity}</TableCell>
                      <TableCell align="right" data-testid="refundable">
                        {max}
                      </TableCell>
                      <TableCell align="right">
                        <TextField
                          type="number"
                          size="small"
                          value={quantities[line.id] ?? 0}
                          disabled={max === 0 || busy}
                          onChange={(e) => {
                            const n = Math.floor(Number(e.target.value));
                            const q = Number.isFinite(n) ? Math.min(max, Math.max(0, n)) : 0;
                            setQuantities((prev) => ({ ...prev, [line.id]: q }));
                          }}
                          slotProps={{
                            htmlInput: {
                              min: 0,
                              max,
                              step: 1,
                              'aria-label': `Units of ${line.name} to refund (at most ${max})`,
                            },
                          }}
                          sx={{ width: 96 }}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        <FormControlLabel
          sx={{ mt: 2 }}
          control={<Switch checked={restock} onChange={(e) => setRestock(e.target.checked)} />}
          label="Put the refunded units back in stock"
        />
        <TextField
          label="Reason (shown in the order history)"
          value={reason}
          onChange={(e) => setReason(e.target.value.slice(0, 500))}
          fullWidth
          multiline
          minRows={2}
          sx={{ mt: 2 }}
        />
        <Typography sx={{ mt: 2, fontWeight: 'bold' }} data-testid="refund-preview" aria-live="polite">
          Refund amount: {money(preview)}
        </Typography>
        <Typography variant="body2">
          Each unit at the price paid for it; shipping is not included. The payment provider is asked at once.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Keep order
        </Button>
        <Button
          color="error"
          variant="contained"
          disabled={busy || !refunded || chosen.length === 0}
          onClick={() => void submit()}
        >
          Refund {money(preview)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
