import { useState } from 'react';
import { Button } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import BlockIcon from '@mui/icons-material/Block';
import { useListContext, useNotify, useRefresh, useUnselectAll, useUpdateMany } from 'react-admin';
import type { CommentStatus } from '../../api/moderation';
import { TextDialog } from '../../ui/TextDialog';

/**
 * Bulk decisions on the selected comments: one `POST /comments/moderate` (the data provider's
 * updateMany), all or nothing. Rejecting asks for one reason for all of them. The queue reloads
 * afterwards, so decided comments leave it.
 */
export function CommentBulkActions() {
  return (
    <>
      <BulkDecisionButton status="approved" />
      <BulkDecisionButton status="rejected" />
    </>
  );
}

function BulkDecisionButton({ status }: { status: Exclude<CommentStatus, 'pending'> }) {
  const { selectedIds, resource } = useListContext();
  const [updateMany, { isPending }] = useUpdateMany();
  const unselectAll = useUnselectAll(resource ?? 'comments');
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const verb = status === 'approved' ? 'approved' : 'rejected';

  const decide = (reason?: string) =>
    updateMany(
      'comments',
      { ids: selectedIds, data: { status, reason } },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          const n = selectedIds.length;
          unselectAll();
          notify(n === 1 ? `1 comment ${verb}` : `${n} comments ${verb}`, { type: 'success' });
          refresh();
        },
        onError: (err) => notify(err instanceof Error ? err.message : String(err), { type: 'error' }),
      },
    );

  if (status === 'approved')
    return (
      <Button size="small" startIcon={<CheckIcon />} disabled={isPending} onClick={() => void decide()}>
        Approve selected
      </Button>
    );
  return (
    <>
      <Button
        size="small"
        color="error"
        startIcon={<BlockIcon />}
        disabled={isPending}
        onClick={() => setOpen(true)}
      >
        Reject selected
      </Button>
      <TextDialog
        open={open}
        title={`Reject ${selectedIds.length === 1 ? '1 comment' : `${selectedIds.length} comments`}`}
        label="Reason (shown to staff)"
        confirmLabel="Reject"
        maxLength={500}
        multiline
        busy={isPending}
        onClose={() => setOpen(false)}
        onConfirm={(reason) => void decide(reason)}
      />
    </>
  );
}
