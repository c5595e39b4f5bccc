import { Box, Card, CardContent, Checkbox, Stack, Typography } from '@mui/material';
import { BulkActionsToolbar, useListContext } from 'react-admin';
import type { CommentRecord } from '../../api/moderation';
import { CommentBulkActions } from './CommentBulkActions';
import { CommentDecision } from './CommentDecision';

/**
 * The queue at phone width: one card per comment (a table would scroll sideways), each with a
 * checkbox for the same bulk decisions as the table.
 */
export function CommentCards() {
  const { data, isPending, selectedIds, onToggleItem } = useListContext<CommentRecord>();
  if (isPending) return null;
  if (!data?.length)
    return (
      <Typography sx={{ p: 2 }} color="text.secondary">
        No comments here.
      </Typography>
    );
  return (
    <Box sx={{ position: 'relative' }}>
      <BulkActionsToolbar>
        <CommentBulkActions />
      </BulkActionsToolbar>
      <Stack sx={{ gap: 1, p: 1 }} data-testid="comment-cards">
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
                  {c.productName} · {c.author.name} · {new Date(c.createdAt).toLocaleString()} · {c.status}
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
