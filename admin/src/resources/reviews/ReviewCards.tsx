import { Card, CardContent, Stack, Typography } from '@mui/material';
import { useListContext } from 'react-admin';
import type { ReviewRecord } from '../../api/moderation';
import { ReviewAction, ReviewState, ReviewText } from './ReviewParts';

/** Reviews at phone width: one card each (a table would scroll sideways). */
export function ReviewCards({ staff }: { staff: boolean }) {
  const { data, isPending } = useListContext<ReviewRecord>();
  if (isPending) return null;
  if (!data?.length)
    return (
      <Typography sx={{ p: 2 }} color="text.secondary">
        No reviews here.
      </Typography>
    );
  return (
    <Stack sx={{ gap: 1, p: 1 }}>
      {data.map((r) => (
        <Card key={r.id} variant="outlined">
          <CardContent sx={{ '&:last-child': { pb: 2 } }}>
            <Typography variant="subtitle2" sx={{ overflowWrap: 'anywhere' }}>
              {r.rating} ★ · {r.productName} · {r.author.name}
            </Typography>
            <ReviewText record={r} />
            <Stack direction="row" sx={{ gap: 1, mt: 1, flexWrap: 'wrap', alignItems: 'center' }}>
              {staff && <ReviewState record={r} />}
              <ReviewAction record={r} staff={staff} />
            </Stack>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}
