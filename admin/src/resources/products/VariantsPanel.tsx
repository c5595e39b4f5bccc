import { useState, type FormEvent } from 'react';
import {
  Box,
  Button,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
} from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import { useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { BazaarDataProvider } from '../../api/dataProvider';
import type { Product, Variant } from '../../api/types';
import { formatMoney, minorDigits } from '../../ui/money';

/** "size=L, colour=red" ⇄ {size: "L", colour: "red"}. */
export function parseOptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [key, ...rest] = part.split('=');
    if (key?.trim() && rest.length) out[key.trim()] = rest.join('=').trim();
  }
  return out;
}
const showOptions = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

function useRun() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await work();
      if (done) notify(done, { type: 'success' });
      return true;
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err), { type: 'error' });
      return false;
    } finally {
      setBusy(false);
      refresh();
    }
  };
  return { busy, run };
}

function StockAdjuster({ product, variant }: { product: Product; variant: Variant }) {
  const api = useDataProvider<BazaarDataProvider>();
  const { busy, run } = useRun();
  const [delta, setDelta] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = Number(delta);
    if (!Number.isInteger(n) || n === 0) return;
    if (await run(() => api.updateVariant(product.id, variant.id, { stockAdjustment: n }), 'Stock adjusted'))
      setDelta('');
  };
  return (
    <Stack component="form" direction="row" onSubmit={submit} sx={{ gap: 1, alignItems: 'center' }}>
      <TextField
        size="small"
        type="number"
        label="Add / remove"
        value={delta}
        onChange={(e) => setDelta(e.target.value)}
        slotProps={{ htmlInput: { step: 1, 'aria-label': `Stock adjustment for ${variant.sku}` } }}
        sx={{ width: 120 }}
      />
      <Button type="submit" size="small" variant="outlined" disabled={busy || !delta || Number(delta) === 0}>
        Apply
      </Button>
    </Stack>
  );
}

interface Draft {
  sku: string;
  options: string;
  price: string;
  stock: string;
}

function VariantForm({
  initial,
  currency,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  currency: string;
  submitLabel: string;
  onSubmit: (body: Record<string, unknown>) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const scale = 10 ** minorDigits(currency);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { options: parseOptions(draft.options) };
    if (draft.sku.trim()) body.sku = draft.sku.trim();
    body.priceOverride = draft.price.trim() === '' ? null : Math.round(Number(draft.price) * scale);
    if (draft.stock.trim() !== '') body.stock = Number(draft.stock);
    if (await onSubmit(body)) setDraft(initial);
  };
  return (
    <Stack component="form" direction={{ xs: 'column', sm: 'row' }} onSubmit={submit} sx={{ my: 1, gap: 1 }}>
      <TextField
        size="small"
        label="Options (size=L, colour=red)"
        value={draft.options}
        onChange={set('options')}
      />
      <TextField size="small" label="SKU" value={draft.sku} onChange={set('sku')} />
      <TextField
        size="small"
        label="Price override"
        type="number"
        value={draft.price}
        onChange={set('price')}
        slotProps={{ htmlInput: { step: 1 / scale, min: 0 } }}
      />
      <TextField
        size="small"
        label="Stock"
        type="number"
        value={draft.stock}
        onChange={set('stock')}
        slotProps={{ htmlInput: { step: 1, min: 0 } }}
      />
      <Button type="submit" variant="contained" size="small">
        {submitLabel}
      </Button>
      {onCancel && (
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </Stack>
  );
}

/** Variants with options, SKU, price override and stock; relative stock adjustments per variant. */
export function VariantsPanel() {
  const product = useRecordContext<Product>();
  const api = useDataProvider<BazaarDataProvider>();
  const { busy, run } = useRun();
  const [editing, setEditing] = useState<string | null>(null);
  if (!product) return null;
  const scale = 10 ** minorDigits(product.currency);

  return (
    <Box>
      <TableContainer>
        <Table size="small" aria-label="Variants">
          <TableHead>
            <TableRow>
              <TableCell>SKU</TableCell>
              <TableCell>Options</TableCell>
              <TableCell>Price</TableCell>
              <TableCell>Stock</TableCell>
              <TableCell>Adjust stock</TableCell>
              <TableCell>
                <Box component="span" sx={visuallyHidden}>
                  Actions
                </Box>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {product.variants.map((variant) =>
              editing === variant.id ? (
                <TableRow key={variant.id}>
                  <TableCell colSpan={6}>
                    <VariantForm
                      currency={product.currency}
                      submitLabel="Save variant"
                      initial={{
                        sku: variant.sku,
                        options: showOptions(variant.options),
                        price: variant.priceOverride === null ? '' : String(variant.priceOverride / scale),
                        stock: String(variant.stock),
                      }}
                      onCancel={() => setEditing(null)}
                      onSubmit={async (body) => {
                        const ok = await run(
                          () => api.updateVariant(product.id, variant.id, body),
                          'Variant saved',
                        );
                        if (ok) setEditing(null);
                        return ok;
                      }}
                    />
                  </TableCell>
                </TableRow>
              ) : (
                <TableRow key={variant.id} data-testid={`variant-${variant.sku}`}>
                  <TableCell>{variant.sku}</TableCell>
                  <TableCell>{showOptions(variant.options) || '—'}</TableCell>
                  <TableCell>{formatMoney(variant.price, product.currency)}</TableCell>
                  <TableCell data-testid="variant-stock">{variant.stock}</TableCell>
                  <TableCell>
                    <StockAdjuster product={product} variant={variant} />
                  </TableCell>
                  <TableCell>
                    <Tooltip title="Edit variant">
                      <IconButton
                        aria-label={`Edit variant ${variant.sku}`}
                        size="small"
                        onClick={() => setEditing(variant.id)}
                      >
                        <EditIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Delete variant">
                      <span>
                        <IconButton
                          aria-label={`Delete variant ${variant.sku}`}
                          size="small"
                          disabled={busy || product.variants.length < 2}
                          onClick={() =>
                            void run(() => api.deleteVariant(product.id, variant.id), 'Variant deleted')
                          }
                        >
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      </span>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ),
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <VariantForm
        currency={product.currency}
        submitLabel="Add variant"
        initial={{ sku: '', options: '', price: '', stock: '0' }}
        onSubmit={(body) => run(() => api.createVariant(product.id, body as never), 'Variant added')}
      />
    </Box>
  );
}
