import { useState, type FormEvent } from 'react';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';

export interface TextDialogProps {
  open: boolean;
  title: string;
  /** What the decision does, above the field. */
  text?: string;
  label: string;
  confirmLabel: string;
  /** The field must not be blank. */
  required?: boolean;
  initialValue?: string;
  maxLength: number;
  multiline?: boolean;
  busy?: boolean;
  onClose: () => void;
  onConfirm: (value: string) => void;
}

/**
 * A dialog asking for one text (a moderation reason, a reply) before a decision is sent. The
 * dialog stays open while the request runs, so a refusal is read next to what was typed.
 */
export function TextDialog(props: TextDialogProps) {
  const { open, onClose } = props;
  return (
    <Dialog open={open} onClose={props.busy ? undefined : onClose} fullWidth maxWidth="sm">
      {/* Mounted only while open: every opening starts from initialValue. */}
      {open && <TextDialogForm {...props} />}
    </Dialog>
  );
}

function TextDialogForm(props: TextDialogProps) {
  const [value, setValue] = useState(props.initialValue ?? '');
  const blank = value.trim() === '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (props.required && blank) return;
    props.onConfirm(value);
  };
  const id = `text-dialog-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <form onSubmit={submit} noValidate>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        {props.text && <DialogContentText sx={{ mb: 2 }}>{props.text}</DialogContentText>}
        <TextField
          id={id}
          label={props.label}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required={props.required}
          multiline={props.multiline}
          minRows={props.multiline ? 3 : undefined}
          fullWidth
          autoFocus
          slotProps={{ htmlInput: { maxLength: props.maxLength } }}
          helperText={`${value.length} / ${props.maxLength}`}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={props.busy}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="contained"
          disabled={props.busy || (props.required && blank)}
          startIcon={props.busy ? <CircularProgress size={16} /> : undefined}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </form>
  );
}
