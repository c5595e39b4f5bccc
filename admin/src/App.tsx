import { useEffect, useState } from 'react';

/**
 * App shell: shows whether the API behind this admin is ready. The react-admin
 * resources (products, categories, orders, users, moderation, seller dashboard)
 * are built on this shell by the admin issue.
 */
export function App() {
  const [status, setStatus] = useState<'checking' | 'ready' | 'unavailable'>('checking');

  useEffect(() => {
    fetch('/health/ready')
      .then((res) => setStatus(res.ok ? 'ready' : 'unavailable'))
      .catch(() => setStatus('unavailable'));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto' }}>
      <h1>Bazaar admin</h1>
      <p>
        API status: <strong data-testid="api-status">{status}</strong>
      </p>
      <p>
        API reference: <a href="/docs">/docs</a>
      </p>
    </main>
  );
}
