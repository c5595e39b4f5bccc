import type { ReactNode } from 'react';
import {
  AppBar,
  defaultTheme,
  Layout as RaLayout,
  UserMenu,
  useGetIdentity,
  type RaThemeOptions,
} from 'react-admin';

/**
 * react-admin's default theme with darker blues: its primary (#1976d2 on the list background)
 * , app-bar (#2196f3 behind white text) and error red on the toolbar fall short of WCAG AA contrast (axe: color-contrast).
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1259a8' },
    secondary: { main: '#0d3c78' },
    error: { main: '#b71c1c' },
  },
  components: {
    ...defaultTheme.components,
    MuiCheckbox: {
      defaultProps: {
        // react-admin's row checkbox (DataTable SelectRowCheckbox) passes `aria-label` to the
        // Checkbox itself, which MUI puts on its root <span>: the input is unlabelled and the span
        // may not carry it (axe: label, aria-prohibited-attr). Move it to the input. Checkboxes
        // that label their input through slotProps.input (the select-all one) replace this.
        slotProps: {
          root: () => ({ 'aria-label': undefined }),
          input: (ownerState: { 'aria-label'?: string }) =>
            ownerState['aria-label'] ? { 'aria-label': ownerState['aria-label'] } : {},
        },
      },
    },
  },
};

/** The user menu is labelled with the name it shows (axe: label-content-name-mismatch). */
function NamedUserMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ?? 'Profile'} />;
}

export function Layout({ children }: { children: ReactNode }) {
  return <RaLayout appBar={() => <AppBar userMenu={<NamedUserMenu />} />}>{children}</RaLayout>;
}
