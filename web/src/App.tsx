import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { NotFoundPage } from './pages/NotFoundPage';
import { PlannedPage } from './pages/PlannedPage';
import { SystemPage } from './pages/SystemPage';

/** Sections still to be built show an honest placeholder; each is replaced when its module lands. */
const PLANNED = [
  'technologies',
  'countries',
  'strategy',
  'foresight',
  'programmes',
  'security',
  'forum',
  'talent',
  'admin',
] as const;

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<PlannedPage section="dashboard" />} />
        {PLANNED.map((section) => (
          <Route key={section} path={`${section}/*`} element={<PlannedPage section={section} />} />
        ))}
        <Route path="system" element={<SystemPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
