import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { AdminPage, AuditPage } from './pages/account/AuditPage';
import { ProfilePage } from './pages/account/ProfilePage';
import { ResetPasswordPage, SignInPage } from './pages/account/SignInPage';
import { UsersAdminPage } from './pages/account/UsersAdminPage';
import { CountriesPage, CountryPage } from './pages/CountryPage';
import { DashboardPage } from './pages/DashboardPage';
import { ForesightPage } from './pages/ForesightPage';
import { ComposePage } from './pages/forum/ComposePage';
import { ForumListPage } from './pages/forum/ForumListPage';
import { ModerationPage } from './pages/forum/ModerationPage';
import { ProposalPage } from './pages/forum/ProposalPage';
import { CasePage } from './pages/security/CasePage';
import { IntakePage } from './pages/security/IntakePage';
import { QueuePage } from './pages/security/QueuePage';
import { ReportPage } from './pages/security/ReportPage';
import { RulesPage } from './pages/security/RulesPage';
import { SecurityHomePage } from './pages/security/SecurityHomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PlannedPage } from './pages/PlannedPage';
import { CetBoardPage } from './pages/portfolio/CetBoardPage';
import { ProgrammesPage } from './pages/portfolio/ProgrammesPage';
import { ReviewPage } from './pages/portfolio/ReviewPage';
import { StrategyPage } from './pages/StrategyPage';
import { SystemPage } from './pages/SystemPage';
import { TalentPage } from './pages/talent/TalentPage';
import { TargetsPage } from './pages/TargetsPage';
import { TaxonomyDiffPage } from './pages/TaxonomyDiffPage';
import { TechnologiesPage } from './pages/TechnologiesPage';
import { TechnologyPage } from './pages/TechnologyPage';
import { TechnologyStandingPage } from './pages/TechnologyStandingPage';

/** Sections still to be built show an honest placeholder; each is replaced when its module lands. */
const PLANNED: readonly string[] = [];

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<DashboardPage />} />
        {PLANNED.map((section) => (
          <Route key={section} path={`${section}/*`} element={<PlannedPage section={section} />} />
        ))}
        <Route path="targets" element={<TargetsPage />} />
        <Route path="programmes">
          <Route index element={<ProgrammesPage />} />
          <Route path=":cet" element={<CetBoardPage />} />
          <Route path=":cet/review" element={<ReviewPage />} />
        </Route>
        <Route path="talent" element={<TalentPage />} />
        <Route path="forum">
          <Route index element={<ForumListPage />} />
          <Route path="new" element={<ComposePage />} />
          <Route path="moderation" element={<ModerationPage />} />
          <Route path=":id" element={<ProposalPage />} />
        </Route>
        <Route path="security">
          <Route index element={<SecurityHomePage />} />
          <Route path="new" element={<IntakePage />} />
          <Route path="queue" element={<QueuePage />} />
          <Route path="report" element={<ReportPage />} />
          <Route path="rules" element={<RulesPage />} />
          <Route path="cases/:reference" element={<CasePage />} />
        </Route>
        <Route path="strategy" element={<StrategyPage />} />
        <Route path="foresight" element={<ForesightPage />} />
        <Route path="countries">
          <Route index element={<CountriesPage />} />
          <Route path=":cc" element={<CountryPage />} />
        </Route>
        <Route path="technologies">
          <Route index element={<TechnologiesPage />} />
          <Route path="diff" element={<TaxonomyDiffPage />} />
          <Route path=":versionId" element={<TechnologiesPage />} />
          <Route path=":versionId/:techId" element={<TechnologyPage />} />
          <Route path=":versionId/:techId/standing" element={<TechnologyStandingPage />} />
        </Route>
        <Route path="system" element={<SystemPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="admin">
          <Route index element={<AdminPage />} />
          <Route path="users" element={<UsersAdminPage />} />
          <Route path="audit" element={<AuditPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
