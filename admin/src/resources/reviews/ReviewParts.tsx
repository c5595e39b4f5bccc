import { Box, Chip, Typography } from '@mui/material';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import type { ReviewRecord } from '../../api/moderation';
import { ReviewReplyButton, ReviewVisibilityButton } from './ReviewActions';

/** Pieces of a review row shared by the table and the phone cards. */
export function ReviewState({ record }: { record: ReviewRecord }) {
  if (record.hidden)
    return (
      // Default colours: MUI's warning orange behind white text is 3.1:1 (axe: color-contrast).
      <Chip
        size="small"
        icon={<VisibilityOffIcon />}
        label={`Hidden${record.hiddenReason ? `: ${record.hiddenReason}` : ''}`}
      />
    );
  if (!record.authorActive) return <Chip size="small" label="Author deactivated" />;
  return <Chip size="small" variant="outlined" label="Visible" />;
}

export function ReviewText({ record }: { record: ReviewRecord }) {
  return (
    <Box sx={{ maxWidth: 420 }}>
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {record.comment || <em>(rating only)</em>}
      </Typography>
      {record.reply && (
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ overflowWrap: 'anywhere', mt: 0.5, pl: 1, borderLeft: 2, borderColor: 'divider' }}
        >
          Seller: {record.reply.body}
        </Typography>
      )}
    </Box>
  );
}

export const ReviewAction = ({ record, staff }: { record: ReviewRecord; staff: boolean }) =>
  staff ? <ReviewVisibilityButton record={record} /> : <ReviewReplyButton record={record} />;
