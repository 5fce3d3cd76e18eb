import { useEffect, type ReactNode } from 'react';
import { useSession } from '../api/session';
import { DashboardPage } from '../pages/DashboardPage';
import { KeysPage } from '../pages/KeysPage';
import { LoginPage, SignupPage } from '../pages/AccountPages';
import { NewTaskPage } from '../pages/NewTaskPage';
import { devList, OutboxPage } from '../pages/OutboxPage';
import { ProfilePage } from '../pages/ProfilePage';
import { RemindPage } from '../pages/RemindPage';
import { SchedulePage, SchedulesPage } from '../pages/SchedulesPages';
import { TaskPage } from '../pages/TaskPage';
import { TasksPage } from '../pages/TasksPage';
import { Link, matchPath, navigate, useLocation } from './router';
import { useResource } from './useResource';
import { EmptyState, Loading, Page } from './Page';

const navigation = [
  { to: '/', label: 'Dashboard' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/tasks/new', label: 'New task' },
  { to: '/remind', label: 'Remind me' },
  { to: '/schedules', label: 'Recurring' },
  { to: '/keys', label: 'API keys' },
];

function routeOf(path: string): ReactNode {
  if (path === '/' || path === '') return <DashboardPage />;
  if (path === '/tasks') return <TasksPage />;
  if (path === '/tasks/new') return <NewTaskPage />;
  if (path === '/remind') return <RemindPage />;
  if (path === '/schedules') return <SchedulesPage />;
  if (path === '/keys') return <KeysPage />;
  if (path === '/profile') return <ProfilePage />;
  if (path === '/outbox') return <OutboxPage />;
  const task = matchPath('/tasks/:id', path);
  if (task) return <TaskPage key={task.id} id={task.id!} />;
  const schedule = matchPath('/schedules/:id', path);
  if (schedule) return <SchedulePage key={schedule.id} id={schedule.id!} />;
  return (
    <Page title="Not found">
      <EmptyState title="There is no page here.">
        <Link to="/">Go to the dashboard</Link>
      </EmptyState>
    </Page>
  );
}

function isCurrent(to: string, path: string): boolean {
  if (to === '/') return path === '/';
  if (to === '/tasks') return path === '/tasks' || (path.startsWith('/tasks/') && path !== '/tasks/new');
  return path === to || path.startsWith(`${to}/`);
}

export function App() {
  const { session, logOut } = useSession();
  const { path } = useLocation();
  const signedIn = session.status === 'signedIn';
  // The Outbox is `npm run dev`'s: its link shows only where the server has one.
  const devMode = useResource(
    async () => (signedIn ? (await devList('/v1/dev/outbox').catch(() => null)) !== null : false),
    [signedIn],
  );
  const links = devMode.data ? [...navigation, { to: '/outbox', label: 'Outbox' }] : navigation;

  useEffect(() => {
    if (signedIn && (path === '/login' || path === '/signup')) navigate('/', { replace: true });
  }, [signedIn, path]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="top-inner">
          <Link to="/" className="brand">
            Later
          </Link>
          {signedIn ? (
            <>
              <nav aria-label="Main" className="main-nav">
                {links.map((item) => (
                  <Link key={item.to} to={item.to} aria-current={isCurrent(item.to, path) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                ))}
              </nav>
              <div className="account">
                <span className="account-email" title={session.email}>
                  {session.email}
                </span>
                <Link
                  to="/profile"
                  className="account-link"
                  aria-current={isCurrent('/profile', path) ? 'page' : undefined}
                >
                  Profile
                </Link>
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => void logOut().then(() => navigate('/login'))}
                >
                  Log out
                </button>
              </div>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" className="main">
        {session.status === 'loading' ? (
          <Loading lines={4} />
        ) : !signedIn ? (
          path === '/signup' ? (
            <SignupPage />
          ) : (
            <LoginPage />
          )
        ) : (
          routeOf(path)
        )}
      </main>
    </>
  );
}
