import { useState } from 'react';
import { Button, Stack } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import BlockIcon from '@mui/icons-material/Block';
import { useNotify, useRefresh, useUpdate } from 'react-admin';
import type { CommentRecord, CommentStatus } from '../../api/moderation';
import { TextDialog } from '../../ui/TextDialog';

/** Approve (at once) or reject (with a reason) one comment; the queue reloads so it leaves it. */
export function CommentDecision({ record }: { record: CommentRecord }) {
  // The write is {status, reason} (PATCH /comments/:id), answered with the comment.
  const [update, { isPending }] = useUpdate<CommentRecord & { reason?: string }>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [rejecting, setRejecting] = useState(false);
  const who = record.author.name;

  const decide = (status: CommentStatus, reason?: string) =>
    update(
      'comments',
      { id: record.id, data: { status, reason }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setRejecting(false);
          notify(status === 'approved' ? 'Comment approved' : 'Comment rejected', { type: 'success' });
          refresh();
        },
        onError: (err) => notify(err instanceof Error ? err.message : String(err), { type: 'error' }),
      },
    );

  return (
    <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }}>
      {record.status !== 'approved' && (
        <Button
          size="small"
          variant="outlined"
          startIcon={<CheckIcon />}
          disabled={isPending}
          onClick={() => void decide('approved')}
          aria-label={`Approve the comment by ${who}`}
        >
          Approve
        </Button>
      )}
      {record.status !== 'rejected' && (
        <Button
          size="small"
          variant="outlined"
          color="error"
          startIcon={<BlockIcon />}
          disabled={isPending}
          onClick={() => setRejecting(true)}
          aria-label={`Reject the comment by ${who}`}
        >
          Reject
        </Button>
      )}
      <TextDialog
        open={rejecting}
        title="Reject this comment"
        text={`“${record.body.slice(0, 200)}” by ${who}`}
        label="Reason (shown to staff)"
        confirmLabel="Reject"
        maxLength={500}
        multiline
        busy={isPending}
        onClose={() => setRejecting(false)}
        onConfirm={(reason) => void decide('rejected', reason)}
      />
    </Stack>
  );
}
