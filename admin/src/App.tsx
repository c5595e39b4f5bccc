import { lazy } from 'react';
import { Admin, Resource } from 'react-admin';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { createAuthProvider } from './api/authProvider';
import { createDataProvider } from './api/dataProvider';
import { Session } from './api/session';
import type { Role } from './api/types';
import { READ_ONLY_FOR, RESOURCES } from './resources';
import { Layout, theme } from './ui/Layout';
import LoginPage from './ui/LoginPage';

const session = new Session({ apiUrl: '/api/v1', storage: window.localStorage });
const dataProvider = createDataProvider(session);
const authProvider = createAuthProvider(session);
/** The home screen (seller sales or staff overview) with the charts: its own chunk. */
const Dashboard = lazy(() => import('./dashboard/Dashboard'));

/**
 * The back office. Resources (and so the menu) follow the role; the home is the dashboard (a
 * seller's sales, or the staff overview).
 */
export function App() {
  // Clean URLs under /admin (the API answers deep links with index.html), not react-admin's
  // default hash router.
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/admin/*" element={<BazaarAdmin />} />
      </Routes>
    </BrowserRouter>
  );
}

function BazaarAdmin() {
  return (
    <Admin
      basename="/admin"
      title="Bazaar admin"
      dataProvider={dataProvider}
      authProvider={authProvider}
      loginPage={LoginPage}
      layout={Layout}
      dashboard={Dashboard}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      {(permissions: Role | undefined) => [
        ...RESOURCES.filter((r) => permissions && r.roles.includes(permissions)).map((r) => (
          <Resource
            key={r.name}
            name={r.name}
            options={{ label: r.label(permissions as Role) }}
            icon={r.icon}
            list={r.list}
            create={r.create}
            edit={r.edit}
            show={r.show}
            recordRepresentation={r.recordRepresentation}
          />
        )),
        // Registered without screens so references (the category picker) resolve.
        ...Object.entries(READ_ONLY_FOR)
          .filter(([, roles]) => permissions && roles.includes(permissions))
          .map(([name]) => <Resource key={name} name={name} recordRepresentation="path" />),
      ]}
    </Admin>
  );
}
