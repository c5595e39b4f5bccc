import { useState, type ChangeEvent } from 'react';
import { Box, Button, CircularProgress, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import DeleteIcon from '@mui/icons-material/Delete';
import UploadIcon from '@mui/icons-material/Upload';
import { useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { BazaarDataProvider } from '../../api/dataProvider';
import type { Product } from '../../api/types';

/**
 * The product's images: upload several (each converted by the API to a thumbnail and a large
 * WebP), reorder (the API takes the full new order) and delete, with previews.
 */
export function ImagesPanel() {
  const product = useRecordContext<Product>();
  const api = useDataProvider<BazaarDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState<string | null>(null);
  // The list's row (no images) stands in until the product itself arrives.
  if (!product?.images) return null;
  const images = [...product.images].sort((a, b) => a.position - b.position);

  const run = async (label: string, work: () => Promise<unknown>) => {
    setBusy(label);
    try {
      await work();
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err), { type: 'error' });
    } finally {
      setBusy(null);
      refresh();
    }
  };

  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (!files.length) return;
    void run('upload', async () => {
      for (const file of files) await api.uploadImage(product.id, file, product.name);
      notify(files.length === 1 ? 'Image uploaded' : `${files.length} images uploaded`, { type: 'success' });
    });
  };

  /** Each button names its image: a screen reader hears which of several it moves. */
  const describe = (image: { alt: string }, index: number) =>
    `image ${index + 1}${image.alt ? ` (${image.alt})` : ''}`;

  // The API takes the full new order (PATCH /products/:id {imageIds}); it refuses a list that is
  // not exactly the product's images (another tab deleted one), and the refresh shows the truth.
  const move = (index: number, by: number) => {
    const ids = images.map((i) => i.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved);
    void run('reorder', () => api.reorderImages(product.id, ids));
  };

  return (
    <Box>
      {images.length === 0 && (
        <Typography variant="body2" color="text.secondary" gutterBottom>
          No images yet.
        </Typography>
      )}
      <Stack direction="row" sx={{ mb: 2, gap: 2, flexWrap: 'wrap' }} data-testid="product-images">
        {images.map((image, index) => (
          <Box
            key={image.id}
            sx={{ width: 140, border: 1, borderColor: 'divider', borderRadius: 1, p: 1 }}
            data-testid="product-image"
          >
            <a href={image.largeUrl} target="_blank" rel="noreferrer">
              <img
                src={image.thumbUrl}
                alt={image.alt || `Image ${index + 1}`}
                width={120}
                height={120}
                style={{ objectFit: 'contain', display: 'block' }}
              />
            </a>
            <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
              <Tooltip title="Move earlier">
                <span>
                  <IconButton
                    aria-label={`Move ${describe(image, index)} earlier`}
                    size="small"
                    disabled={index === 0 || !!busy}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowBackIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
              <Tooltip title="Delete image">
                <span>
                  <IconButton
                    aria-label={`Delete ${describe(image, index)}`}
                    size="small"
                    disabled={!!busy}
                    onClick={() => void run('delete', () => api.deleteImage(product.id, image.id))}
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
              <Tooltip title="Move later">
                <span>
                  <IconButton
                    aria-label={`Move ${describe(image, index)} later`}
                    size="small"
                    disabled={index === images.length - 1 || !!busy}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowForwardIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
            </Stack>
          </Box>
        ))}
      </Stack>
      <Button
        component="label"
        variant="outlined"
        startIcon={busy === 'upload' ? <CircularProgress size={16} /> : <UploadIcon />}
        disabled={!!busy}
      >
        Upload images
        <input
          hidden
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          onChange={upload}
          data-testid="image-upload"
          aria-label="Upload images"
        />
      </Button>
    </Box>
  );
}
