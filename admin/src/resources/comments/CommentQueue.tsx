import { Box, Button, Card, CardContent, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { useListContext } from 'react-admin';
import type { CommentRecord } from '../../api/moderation';
import { CommentBulkActions } from './CommentBulkActions';
import { CommentDecision } from './CommentDecision';

/**
 * The queue as one card per comment, each with its own labelled checkbox for the bulk decisions.
 * Cards rather than react-admin's DataTable: its row checkboxes put their aria-label on the
 * wrapping span, not the input (axe: label, critical; ra-ui-materialui 5.15 SelectRowCheckbox),
 * and long comments wrap instead of scrolling the page sideways at phone width. The bulk bar is
 * ours too: react-admin's BulkActionsToolbar has a fixed height and does not wrap, so at 390 px its
 * buttons ran 126 px past the screen.
 */
export function CommentQueue() {
  const { data, isPending, selectedIds, onToggleItem, onSelect, onUnselectItems } =
    useListContext<CommentRecord>();
  if (isPending) return null;
  if (!data?.length)
    return (
      <Typography sx={{ p: 2 }} color="text.secondary">
        No comments here.
      </Typography>
    );
  const pageIds = data.map((c) => c.id);
  const allSelected = pageIds.every((id) => selectedIds.includes(id));
  const someSelected = !allSelected && pageIds.some((id) => selectedIds.includes(id));
  return (
    <Box sx={{ position: 'relative' }}>
      <Box sx={{ px: 2, pt: 1, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
        <FormControlLabel
          label="Select all on this page"
          control={
            <Checkbox
              checked={allSelected}
              indeterminate={someSelected}
              onChange={() =>
                onSelect(
                  allSelected
                    ? selectedIds.filter((id) => !pageIds.includes(id))
                    : [...new Set([...selectedIds, ...pageIds])],
                )
              }
            />
          }
        />
        {selectedIds.length > 0 && (
          <Stack
            role="toolbar"
            aria-label="Bulk decisions"
            direction="row"
            sx={{
              flexWrap: 'wrap',
              alignItems: 'center',
              gap: 1,
              bgcolor: 'action.selected',
              borderRadius: 1,
              px: 1,
            }}
          >
            <Typography variant="body2">{selectedIds.length} selected</Typography>
            <Button size="small" onClick={() => onUnselectItems()}>
              Clear
            </Button>
            <CommentBulkActions />
          </Stack>
        )}
      </Box>
      <Stack sx={{ gap: 1, p: 1 }} data-testid="comment-queue">
        {data.map((c) => (
          <Card key={c.id} variant="outlined" data-testid="comment-card">
            <CardContent sx={{ display: 'flex', gap: 1, '&:last-child': { pb: 2 } }}>
              <Checkbox
                checked={selectedIds.includes(c.id)}
                onChange={() => onToggleItem(c.id)}
                slotProps={{ input: { 'aria-label': `Select the comment by ${c.author.name}` } }}
                sx={{ alignSelf: 'flex-start', p: 0.5 }}
              />
              <Box sx={{ minWidth: 0, flex: 1 }}>
                <Typography sx={{ overflowWrap: 'anywhere', mb: 0.5 }}>{c.body}</Typography>
                <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere', mb: 1 }}>
                  {c.productName} · {c.author.name}
                  {c.authorActive ? '' : ' (deactivated)'} · {new Date(c.createdAt).toLocaleString()} ·{' '}
                  {c.status}
                  {c.moderationReason ? ` (${c.moderationReason})` : ''}
                </Typography>
                <CommentDecision record={c} />
              </Box>
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Box>
  );
}
