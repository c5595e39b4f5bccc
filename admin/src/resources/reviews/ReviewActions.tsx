import { useState } from 'react';
import { Button } from '@mui/material';
import ReplyIcon from '@mui/icons-material/Reply';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { useNotify, useUpdate } from 'react-admin';
import type { ReviewAction, ReviewRecord } from '../../api/moderation';
import { TextDialog } from '../../ui/TextDialog';

/** The review's answer replaces the cached row (pessimistic: nothing changes on a refusal). */
function useReviewUpdate(record: ReviewRecord, action: ReviewAction, done: string) {
  const [update, { isPending }] = useUpdate<ReviewRecord>();
  const notify = useNotify();
  const send = (data: Record<string, unknown>, onDone: () => void) =>
    update(
      'reviews',
      { id: record.id, data, previousData: record, meta: { action } },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          onDone();
          notify(done, { type: 'success' });
        },
        onError: (err) => notify(err instanceof Error ? err.message : String(err), { type: 'error' }),
      },
    );
  return { send, isPending };
}

/** Staff: hide a review (a reason is required) or show it again (a reason is optional). */
export function ReviewVisibilityButton({ record }: { record: ReviewRecord }) {
  const [open, setOpen] = useState(false);
  const hiding = !record.hidden;
  const { send, isPending } = useReviewUpdate(
    record,
    'visibility',
    hiding ? 'Review hidden' : 'Review shown again',
  );
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color={hiding ? 'error' : 'primary'}
        startIcon={hiding ? <VisibilityOffIcon /> : <VisibilityIcon />}
        onClick={() => setOpen(true)}
        aria-label={`${hiding ? 'Hide' : 'Show'} the review by ${record.author.name}`}
      >
        {hiding ? 'Hide' : 'Show'}
      </Button>
      <TextDialog
        open={open}
        title={hiding ? 'Hide this review' : 'Show this review again'}
        text={
          hiding
            ? 'Hidden reviews leave the storefront and the product rating.'
            : 'The review returns to the storefront and the product rating.'
        }
        label={hiding ? 'Reason (shown to staff)' : 'Reason (optional)'}
        confirmLabel={hiding ? 'Hide' : 'Show'}
        required={hiding}
        maxLength={500}
        multiline
        busy={isPending}
        onClose={() => setOpen(false)}
        onConfirm={(reason) => void send({ hidden: hiding, reason }, () => setOpen(false))}
      />
    </>
  );
}

/** The product's seller: write the one reply under a review, or edit it. */
export function ReviewReplyButton({ record }: { record: ReviewRecord }) {
  const [open, setOpen] = useState(false);
  const editing = !!record.reply;
  const { send, isPending } = useReviewUpdate(record, 'reply', editing ? 'Reply updated' : 'Reply posted');
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<ReplyIcon />}
        onClick={() => setOpen(true)}
        aria-label={`${editing ? 'Edit reply to' : 'Reply to'} the review by ${record.author.name}`}
      >
        {editing ? 'Edit reply' : 'Reply'}
      </Button>
      <TextDialog
        open={open}
        title={editing ? 'Edit your reply' : 'Reply to this review'}
        text={`${record.rating}★ by ${record.author.name}: “${record.comment.slice(0, 200)}”`}
        label="Your reply (public)"
        confirmLabel={editing ? 'Save reply' : 'Post reply'}
        required
        initialValue={record.reply?.body ?? ''}
        maxLength={2000}
        multiline
        busy={isPending}
        onClose={() => setOpen(false)}
        onConfirm={(body) => void send({ body: body.trim() }, () => setOpen(false))}
      />
    </>
  );
}
